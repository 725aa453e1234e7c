package org.llavalens.ui.handlers;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.llavalens.ui.views.CompareView;

/** Case > Compare with Vicuna: shows the Compare view and runs the three passes. */
public final class CompareHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        Handlers.currentCase(event);
        Handlers.view(event, CompareView.ID, CompareView.class).runCompare();
        return null;
    }
}
