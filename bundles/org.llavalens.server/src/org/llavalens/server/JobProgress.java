package org.llavalens.server;

import org.eclipse.core.runtime.NullProgressMonitor;

/**
 * The progress monitor a job's analysis reports to: how far it is and what it does now, read by
 * the status requests; its cancel flag (the monitor's own) is raised when the job is cancelled.
 */
final class JobProgress extends NullProgressMonitor {

    private volatile double total = 1;
    private volatile double worked;
    private volatile String task;

    @Override
    public void beginTask(String name, int totalWork) {
        total = Math.max(1, totalWork);
        worked = 0;
        task = name;
    }

    @Override
    public void worked(int work) {
        internalWorked(work);
    }

    @Override
    public void internalWorked(double work) {
        worked = Math.min(total, worked + work);
    }

    @Override
    public void subTask(String name) {
        task = name;
    }

    /** 0..1. */
    double fraction() {
        return Math.min(1, worked / total);
    }

    /** What the analysis does now, or null before it starts. */
    String task() {
        return task;
    }

    void complete() {
        worked = total;
    }
}
