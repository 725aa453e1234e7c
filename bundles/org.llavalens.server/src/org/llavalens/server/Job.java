package org.llavalens.server;

import java.util.concurrent.Future;

import org.eclipse.core.runtime.IProgressMonitor;
import org.llavalens.client.ApiJson;

/**
 * One submitted job: who asked, on which model, how far it is, and its result (the JSON the result
 * request returns, and the cached case its follow-ups ask) or its problem. Thread-safe: the worker
 * reports progress while request threads read the status.
 */
final class Job {

    enum State {
        QUEUED, RUNNING, DONE, FAILED, CANCELLED;

        String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final String id;
    private final String kind;
    private final String model;
    private final String annotator;
    private final long submittedNanos = System.nanoTime();
    private volatile State state = State.QUEUED;
    private final JobProgress progress = new JobProgress();
    private volatile long lastSeenNanos = System.nanoTime();
    private volatile boolean cached;
    private volatile String resultJson;
    private volatile CachedCase live;
    private volatile HostProblem problem;
    private volatile Future<?> future;
    private volatile long finishedNanos;

    Job(String id, String kind, String model, String annotator) {
        this.id = id;
        this.kind = kind;
        this.model = model;
        this.annotator = annotator;
    }

    String id() {
        return id;
    }

    String model() {
        return model;
    }

    String annotator() {
        return annotator;
    }

    State state() {
        return state;
    }

    boolean finished() {
        return state == State.DONE || state == State.FAILED || state == State.CANCELLED;
    }

    void future(Future<?> f) {
        this.future = f;
    }

    /** The client asked about the job: it is still there. */
    void seen() {
        lastSeenNanos = System.nanoTime();
    }

    long unseenNanos(long now) {
        return now - lastSeenNanos;
    }

    /** Whether the worker should still start it (false once cancelled while queued). */
    synchronized boolean start() {
        if (state != State.QUEUED) {
            return false;
        }
        state = State.RUNNING;
        return true;
    }

    synchronized void done(String json, CachedCase c, boolean fromCache) {
        if (!finished()) {
            resultJson = json;
            live = c;
            cached = fromCache;
            progress.complete();
            finish(State.DONE);
        }
    }

    synchronized void failed(HostProblem p) {
        if (!finished()) {
            problem = p;
            finish(p.kind().equals("cancelled") ? State.CANCELLED : State.FAILED);
        }
    }

    /** Cancels a queued job at once, a running one at the analysis's next progress check. */
    synchronized void cancel(String why) {
        progress.setCanceled(true);
        if (state == State.QUEUED) {
            Future<?> f = future;
            if (f != null) {
                f.cancel(false);
            }
            failed(new HostProblem(409, "cancelled", why));
        } else if (state == State.RUNNING && problem == null) {
            problem = new HostProblem(409, "cancelled", why);
        }
    }

    /** The reason a running job was cancelled with, when it was. */
    HostProblem cancellation() {
        return problem != null && problem.kind().equals("cancelled") ? problem : null;
    }

    private void finish(State s) {
        finishedNanos = System.nanoTime();
        state = s;
    }

    long finishedNanos() {
        return finishedNanos;
    }

    long submittedNanos() {
        return submittedNanos;
    }

    String resultJson() {
        return resultJson;
    }

    CachedCase live() {
        return live;
    }

    HostProblem problem() {
        return problem;
    }

    ApiJson.JobStatus status(int queuePosition) {
        HostProblem p = problem;
        return new ApiJson.JobStatus(id, kind, model, annotator, state.wire(), progress.fraction(), progress.task(),
                state == State.QUEUED ? queuePosition : 0, cached, finished() && p != null ? p.getMessage() : null);
    }

    /** The progress monitor the analysis reports to; cancelled when the job is. */
    IProgressMonitor monitor() {
        return progress;
    }
}
