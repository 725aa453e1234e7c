package org.llavalens.annotation;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.llavalens.annotation.store.FolderWatcher;

/**
 * Saves a project in the background after changes settle: {@code quiet} after the last change, but
 * no later than {@code maxDelay} after the first unsaved one, so a steady stream of edits is still
 * written. Runs on one daemon thread; a failed save is reported and retried at the next change.
 * {@link #watchFolder} also saves (which takes in what they wrote) when other processes change the
 * project's files while it is open.
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
    private FolderWatcher watcher;
    private boolean closed;

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
        if (closed) {
            return;
        }
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
        } catch (RuntimeException e) {
            // a scheduled task that throws is dropped silently; the user must hear that saving failed
            IOException wrapped = new IOException("autosave failed: " + e, e);
            lastError = wrapped;
            errorListener.accept(wrapped);
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

    /**
     * Watches the project folder and its sheets while open: a change another process made starts a
     * save soon, which takes it in (merged with what is unsaved here).
     */
    public synchronized void watchFolder(Duration poll) {
        if (watcher == null && !closed) {
            watcher = new FolderWatcher(List.of(project.directory(), project.directory().resolve(
                    AnnotationProject.SHEETS_DIR)), poll, this::changed).start();
        }
    }

    @Override
    public void close() throws IOException {
        synchronized (this) {
            closed = true;
            if (watcher != null) {
                watcher.close();
            }
            if (pending != null) {
                pending.cancel(false);
                pending = null;
            }
        }
        executor.shutdown();
        // saved before waiting for the executor: a save under way there may need the realm, and the
        // realm's thread serves it while it waits for the save lock (ModelRealm#acquire)
        try {
            project.save();
        } finally {
            try {
                executor.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
