package org.llavalens.ui.session;

import java.io.IOException;
import java.time.Duration;

import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.ui.statushandlers.StatusManager;
import org.llavalens.annotation.AnnotationProject;
import org.llavalens.annotation.Autosave;
import org.llavalens.annotation.SaveConflict;

/**
 * Makes what happens to saves visible in the workbench: a failed background save and a conflict with
 * another process's save (both versions kept; the dialog names the copy) are shown in a dialog and
 * logged, never only recorded. Also watches the project folder so that other processes' saves are
 * taken in while the project is open (docs/team.md).
 */
final class SaveProblems {

    private static final String PLUGIN_ID = "org.llavalens.ui";
    /** How often a folder the OS cannot watch (a network share) is compared for changes. */
    static final Duration POLL = Duration.ofSeconds(2);

    private SaveProblems() {
    }

    static void watch(AnnotationProject p, Autosave autosave) {
        p.addConflictListener(SaveProblems::conflict);
        autosave.onError(SaveProblems::failed);
        autosave.watchFolder(POLL);
    }

    private static void conflict(SaveConflict c) {
        show(new Status(IStatus.WARNING, PLUGIN_ID, c.message()));
    }

    private static void failed(IOException e) {
        show(new Status(IStatus.ERROR, PLUGIN_ID, "Saving the project failed (your changes are kept in memory and"
                + " saving is retried at the next change): " + e.getMessage(), e));
    }

    private static void show(IStatus status) {
        StatusManager.getManager().handle(status, StatusManager.SHOW | StatusManager.LOG);
    }
}
