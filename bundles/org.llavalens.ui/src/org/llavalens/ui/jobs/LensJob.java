package org.llavalens.ui.jobs;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.ISchedulingRule;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.ui.statushandlers.StatusManager;

/**
 * A user job of the workbench: progress in the status line and the Progress view, cancellable,
 * and any failure shown as an error dialog with its cause (never a dead view); a lost model host
 * as one message with a Retry that runs the job again ({@link HostLost}). Model jobs share
 * {@link #MODEL_RULE}, so one model is never driven by two jobs at once.
 */
public abstract class LensJob extends Job {

    public static final String PLUGIN_ID = "org.llavalens.ui";
    /** Family of every job of the workbench, for tests and shutdown to wait on. */
    public static final Object FAMILY = new Object();

    public static final ISchedulingRule MODEL_RULE = new ISchedulingRule() {
        @Override
        public boolean contains(ISchedulingRule rule) {
            return rule == this;
        }

        @Override
        public boolean isConflicting(ISchedulingRule rule) {
            return rule == this;
        }
    };

    protected LensJob(String name, boolean usesModel) {
        super(name);
        setUser(true);
        if (usesModel) {
            setRule(MODEL_RULE);
        }
    }

    @Override
    public boolean belongsTo(Object family) {
        return family == FAMILY;
    }

    @Override
    protected final IStatus run(IProgressMonitor monitor) {
        try {
            work(monitor);
            return Status.OK_STATUS;
        } catch (OperationCanceledException e) {
            return Status.CANCEL_STATUS;
        } catch (Exception | LinkageError | OutOfMemoryError e) {
            var lost = HostLost.in(e);
            if (lost.isPresent()) {
                // one message with a Retry, no stack trace: the log keeps the trace
                StatusManager.getManager().handle(new Status(IStatus.ERROR, PLUGIN_ID, getName() + " failed: "
                        + lost.get().getMessage(), e), StatusManager.LOG);
                failed(e);
                HostLost.offerRetry(this, lost.get());
                return Status.OK_STATUS;
            }
            // the dialog shows the exception's message under this one: it is not repeated here
            String message = e.getMessage() == null ? ": " + e.getClass().getSimpleName() : "";
            IStatus status = new Status(IStatus.ERROR, PLUGIN_ID, getName() + " failed" + message, e);
            StatusManager.getManager().handle(status, StatusManager.SHOW | StatusManager.LOG);
            failed(e);
            return Status.OK_STATUS;
        } finally {
            monitor.done();
        }
    }

    protected abstract void work(IProgressMonitor monitor) throws Exception;

    /** Called after the dialog is shown, so a view can leave its busy state. */
    protected void failed(Throwable error) {
    }
}
