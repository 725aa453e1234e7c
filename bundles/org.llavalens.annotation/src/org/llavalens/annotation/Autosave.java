package org.llavalens.annotation;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Saves a project in the background after changes settle: {@code quiet} after the last change, but
 * no later than {@code maxDelay} after the first unsaved one, so a steady stream of edits is still
 * written. Runs on one daemon thread; a failed save is reported and retried at the next change.
 */
public final class Autosave implements AutoCloseable {

    private final AnnotationProject project;
    private final long quietNanos;
    private final long maxDelayNanos;
    private final ScheduledExecutorService executor;
    private ScheduledFuture<?> pending;
    private long firstUnsavedNanos;
    private volatile IOException lastError;
    private volatile Consumer<IOException> errorListener = e -> { };
    private volatile int saves;

    Autosave(AnnotationProject project, Duration quiet, Duration maxDelay) {
        this.project = project;
        this.quietNanos = quiet.toNanos();
        this.maxDelayNanos = Math.max(quiet.toNanos(), maxDelay.toNanos());
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "llavalens-autosave " + project.directory().getFileName());
            t.setDaemon(true);
            return t;
        });
    }

    synchronized void changed() {
        long now = System.nanoTime();
        if (pending == null) {
            firstUnsavedNanos = now;
        } else {
            pending.cancel(false);
        }
        long delay = Math.min(quietNanos, Math.max(0, firstUnsavedNanos + maxDelayNanos - now));
        pending = executor.schedule(this::run, delay, TimeUnit.NANOSECONDS);
    }

    private void run() {
        synchronized (this) {
            pending = null;
        }
        try {
            project.save();
            lastError = null;
            saves++;
        } catch (IOException e) {
            lastError = e;
            errorListener.accept(e);
        }
    }

    /** The error of the latest background save, null when it succeeded. */
    public IOException lastError() {
        return lastError;
    }

    /** Completed background saves. */
    public int saves() {
        return saves;
    }

    /** Called on the autosave thread when a save fails (the UI shows it). */
    public void onError(Consumer<IOException> listener) {
        this.errorListener = listener == null ? e -> { } : listener;
    }

    @Override
    public void close() throws IOException {
        synchronized (this) {
            if (pending != null) {
                pending.cancel(false);
                pending = null;
            }
        }
        executor.shutdown();
        try {
            executor.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        project.save();
    }
}
