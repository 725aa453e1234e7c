package org.llavalens.ui.handlers;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.ui.handlers.HandlerUtil;
import org.llavalens.ui.session.LensSession;
import org.llavalens.ui.views.TaxonomyDialog;

/** Edit &gt; Edit Taxonomy...: the open project's cause labels in the taxonomy dialog. */
public final class EditTaxonomyHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        LensSession session = Handlers.session(event);
        if (session.project() == null || session.labels() == null) {
            MessageDialog.openInformation(HandlerUtil.getActiveShellChecked(event), "Edit Taxonomy",
                    "No project is open: File > Open Project or Open Demo Project.");
            return null;
        }
        new TaxonomyDialog(HandlerUtil.getActiveShellChecked(event), session.project(), session.labels()).open();
        return null;
    }
}
