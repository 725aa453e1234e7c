package org.llavalens.ui.handlers;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.llavalens.ui.views.CanvasView;

/** Canvas zoom in / out / fit and the patch grid ({@code action=in|out|fit|grid}). */
public final class CanvasHandler extends AbstractHandler {

    public static final String ACTION = "action";

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        CanvasView view = Handlers.view(event, CanvasView.ID, CanvasView.class);
        switch (String.valueOf(event.getParameter(ACTION))) {
            case "in" -> view.canvas().zoom(1.25);
            case "out" -> view.canvas().zoom(0.8);
            case "grid" -> {
                boolean on = !view.canvas().gridVisible();
                view.canvas().setGridVisible(on);
                view.layerPanel().setGrid(on);
            }
            default -> view.canvas().fit();
        }
        return null;
    }
}
