package org.llavalens.ui.jobs;

import java.util.Optional;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.PlatformUI;
import org.llavalens.client.HostUnavailableException;

/**
 * A job that failed because the model host could not be reached, or went away while it worked: one
 * message (the client's line names the host and what happened; this says what to do) and a Retry
 * that schedules the same job again, which still holds the case it was made for. No stack trace is
 * shown: the log keeps it.
 */
public final class HostLost {

    /** The dialog's title, for tests that look for it. */
    public static final String TITLE = "Model host not reachable";
    public static final String RETRY = "Retry";

    private HostLost() {
    }

    /** The lost host behind {@code error}, if that is why it failed (follow-ups wrap it in an unchecked one). */
    static Optional<HostUnavailableException> in(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof HostUnavailableException lost) {
                return Optional.of(lost);
            }
        }
        return Optional.empty();
    }

    /** Shows the message on the UI thread (the job's thread never waits for it); Retry reschedules {@code job}. */
    static void offerRetry(Job job, HostUnavailableException lost) {
        if (!PlatformUI.isWorkbenchRunning()) {
            return;
        }
        Display display = PlatformUI.getWorkbench().getDisplay();
        display.asyncExec(() -> {
            MessageDialog dialog = new MessageDialog(PlatformUI.getWorkbench().getModalDialogShellProvider().getShell(),
                    TITLE, null, message(job.getName(), lost), MessageDialog.ERROR, 0, RETRY, "Close");
            if (dialog.open() == 0) {
                job.schedule();
            }
        });
    }

    static String message(String jobName, HostUnavailableException lost) {
        return capitalized(lost.getMessage()) + ".\n\n" + jobName + " did not finish; the case and its labels are"
                + " as they were.\nStart or restart './llavalens serve' on that machine (or check the network and"
                + " the URL in Window > Preferences > LLaVA Lens, where local models can be chosen instead),"
                + " then press " + RETRY + ".";
    }

    private static String capitalized(String line) {
        return line.isEmpty() ? line : Character.toUpperCase(line.charAt(0)) + line.substring(1);
    }
}
