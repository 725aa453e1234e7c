package org.llavalens.ui.handlers;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.llavalens.annotation.model.Case;
import org.llavalens.ui.jobs.CaseOpener;
import org.llavalens.ui.session.Labelling;
import org.llavalens.ui.session.LensSession;

/** Next / previous case ({@code step=1|-1}). */
public final class NavigateCaseHandler extends AbstractHandler {

    public static final String STEP = "step";

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        LensSession session = Handlers.session(event);
        int step = "-1".equals(event.getParameter(STEP)) ? -1 : 1;
        Case next = Labelling.neighbour(session, step);
        if (next != null) {
            CaseOpener.open(session, next);
        }
        return null;
    }
}
