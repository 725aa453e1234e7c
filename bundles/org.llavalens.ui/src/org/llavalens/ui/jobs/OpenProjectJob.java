package org.llavalens.ui.jobs;

import java.nio.file.Path;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.MultiStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.ui.statushandlers.StatusManager;
import org.llavalens.annotation.AnnotationProject;
import org.llavalens.ui.prefs.LensPreferences;
import org.llavalens.ui.session.LensSession;

/**
 * Opens a project folder (or the demo project, created from the demo scenes on first use) and
 * makes it the session's project. What opening had to repair is shown, not hidden.
 */
public final class OpenProjectJob extends LensJob {

    private final LensSession session;
    private final Path folder;
    private final boolean demo;

    private OpenProjectJob(LensSession session, Path folder, boolean demo) {
        super(demo ? "Opening the demo project" : "Opening project " + folder, false);
        this.session = session;
        this.folder = folder;
        this.demo = demo;
    }

    public static OpenProjectJob folder(LensSession session, Path folder) {
        return new OpenProjectJob(session, folder, false);
    }

    public static OpenProjectJob demo(LensSession session) {
        return new OpenProjectJob(session, DemoProject.defaultFolder(), true);
    }

    @Override
    protected void work(IProgressMonitor monitor) throws Exception {
        AnnotationProject p = demo ? DemoProject.openOrCreate(folder, LensPreferences.demoScenes(), monitor)
                : AnnotationProject.open(folder);
        if (!p.recoveryNotes().isEmpty()) {
            MultiStatus notes = new MultiStatus(PLUGIN_ID, 0, "Opening " + folder + " repaired the project: "
                    + String.join("; ", p.recoveryNotes()), null);
            p.recoveryNotes().forEach(n -> notes.add(new Status(IStatus.WARNING, PLUGIN_ID, n)));
            StatusManager.getManager().handle(notes, StatusManager.SHOW | StatusManager.LOG);
        }
        session.open(p);
    }
}
