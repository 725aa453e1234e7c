package org.llavalens.ui.handlers;

import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.handlers.HandlerUtil;
import org.llavalens.annotation.model.Case;
import org.llavalens.ui.session.LensSession;

/** What handlers share: the session, the current case, a view of the window. */
final class Handlers {

    private Handlers() {
    }

    static LensSession session(ExecutionEvent event) throws ExecutionException {
        return HandlerUtil.getActiveWorkbenchWindowChecked(event).getService(LensSession.class);
    }

    static Case currentCase(ExecutionEvent event) throws ExecutionException {
        Case c = session(event).currentCase();
        if (c == null) {
            throw new ExecutionException("No case is open: pick one in the Project navigator.");
        }
        return c;
    }

    @SuppressWarnings("unchecked")
    static <T extends IViewPart> T view(ExecutionEvent event, String id, Class<T> type) throws ExecutionException {
        IWorkbenchWindow w = HandlerUtil.getActiveWorkbenchWindowChecked(event);
        try {
            IViewPart v = w.getActivePage().showView(id, null, org.eclipse.ui.IWorkbenchPage.VIEW_VISIBLE);
            return (T) v;
        } catch (PartInitException e) {
            throw new ExecutionException("cannot open view " + id + ": " + e.getMessage(), e);
        }
    }
}
