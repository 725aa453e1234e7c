package org.llavalens.ui.session;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.eclipse.swt.SWTException;
import org.eclipse.swt.widgets.Display;
import org.llavalens.annotation.ModelRealm;

/**
 * The workbench's model realm: its UI thread, where the views read the annotation model. A job's
 * write waits in {@link Display#syncExec}; on the UI thread it runs at once. Once the display is
 * gone nobody reads the model any more, so the last writes (closing a project) run in the caller.
 */
public final class DisplayRealm implements ModelRealm {

    private final Display display;

    public DisplayRealm(Display display) {
        this.display = display;
    }

    @Override
    public boolean isCurrent() {
        return !display.isDisposed() && display.getThread() == Thread.currentThread();
    }

    @Override
    public <T> T call(Supplier<T> body) {
        if (isCurrent() || display.isDisposed()) {
            return body.get();
        }
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        // syncExec wraps what the body throws in an SWTException: keep the body's own exception
        Runnable r = () -> {
            try {
                result.set(body.get());
            } catch (Throwable t) {
                failure.set(t);
            }
        };
        try {
            display.syncExec(r);
        } catch (SWTException e) {
            if (!display.isDisposed()) {
                throw e;
            }
            r.run();
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error err) {
            throw err;
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
        return result.get();
    }

    /**
     * On the UI thread, waits for {@code lock} while still running what other threads hand to the
     * display: a background save that holds the lock may be waiting in {@link Display#syncExec} to
     * merge another process's changes into the model.
     */
    @Override
    public void acquire(java.util.concurrent.locks.Lock lock) {
        if (!isCurrent()) {
            lock.lock();
            return;
        }
        try {
            while (!lock.tryLock(10, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                while (!display.isDisposed() && display.readAndDispatch()) {
                    // run queued syncExecs and events until the queue is empty
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lock.lock();
        }
    }

    @Override
    public String toString() {
        return "the UI thread";
    }
}
