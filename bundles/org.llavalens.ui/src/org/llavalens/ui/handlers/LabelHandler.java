package org.llavalens.ui.handlers;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.ui.handlers.HandlerUtil;
import org.llavalens.ui.session.Labelling;

/** Keys 1-9: the label bound to the key, with what is on screen as evidence. */
public final class LabelHandler extends AbstractHandler {

    public static final String KEY = "key";

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        int key;
        try {
            key = Integer.parseInt(event.getParameter(KEY));
        } catch (NumberFormatException e) {
            throw new ExecutionException("label key '" + event.getParameter(KEY) + "' is not 1-9", e);
        }
        try {
            Labelling.byShortcut(Handlers.session(event), key);
        } catch (RuntimeException e) {
            MessageDialog.openInformation(HandlerUtil.getActiveShellChecked(event), "Cannot label", e.getMessage());
        }
        return null;
    }
}
