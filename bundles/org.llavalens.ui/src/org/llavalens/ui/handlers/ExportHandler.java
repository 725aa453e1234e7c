package org.llavalens.ui.handlers;

import java.nio.file.Path;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.ui.handlers.HandlerUtil;
import org.llavalens.ui.views.CanvasView;
import org.llavalens.ui.views.HeadGridView;

/** File > Export Canvas / Head Grid as PNG ({@code what=canvas|grid}; {@code file} skips the dialog). */
public final class ExportHandler extends AbstractHandler {

    public static final String WHAT = "what";
    public static final String FILE = "file";

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        boolean grid = "grid".equals(event.getParameter(WHAT));
        String file = event.getParameter(FILE);
        if (file == null) {
            FileDialog d = new FileDialog(HandlerUtil.getActiveShellChecked(event), SWT.SAVE);
            d.setFilterExtensions(new String[] { "*.png" });
            d.setOverwrite(true);
            var c = Handlers.session(event).currentCase();
            d.setFileName((c == null ? "llavalens" : c.getId()) + (grid ? "-heads.png" : "-heatmap.png"));
            file = d.open();
        }
        if (file == null) {
            return null;
        }
        try {
            if (grid) {
                Handlers.view(event, HeadGridView.ID, HeadGridView.class).exportPng(Path.of(file));
            } else {
                Handlers.view(event, CanvasView.ID, CanvasView.class).exportPng(Path.of(file));
            }
        } catch (Exception e) {
            MessageDialog.openError(HandlerUtil.getActiveShellChecked(event), "Export failed",
                    "Cannot write " + file + ": " + e.getMessage());
        }
        return null;
    }
}
