package org.llavalens.ui.handlers;

import java.nio.file.Path;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.swt.widgets.DirectoryDialog;
import org.eclipse.ui.handlers.HandlerUtil;
import org.llavalens.ui.jobs.OpenProjectJob;

/** File > Open Project: a project folder (holding project.xmi); the folder may be given as parameter. */
public final class OpenProjectHandler extends AbstractHandler {

    public static final String FOLDER = "folder";

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        String folder = event.getParameter(FOLDER);
        if (folder == null) {
            DirectoryDialog d = new DirectoryDialog(HandlerUtil.getActiveShellChecked(event));
            d.setText("Open an annotation project folder");
            folder = d.open();
        }
        if (folder != null) {
            OpenProjectJob.folder(Handlers.session(event), Path.of(folder)).schedule();
        }
        return null;
    }
}
