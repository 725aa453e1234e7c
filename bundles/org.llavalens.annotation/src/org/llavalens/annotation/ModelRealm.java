package org.llavalens.annotation;

import java.util.function.Supplier;

/**
 * The one place where a project's EMF model is changed. EMF objects are not thread-safe: the
 * workbench reads the model on its UI thread without a lock, so every write (commands, undo, redo,
 * system changes) runs in the realm, which for the workbench is the UI thread (the idea of JFace
 * Databinding's {@code Realm} and EMF Transaction's single writer). A realm runs a body
 * synchronously and hands back its result or rethrows its exception in the calling thread.
 */
@FunctionalInterface
public interface ModelRealm {

    /** Runs in the caller's thread: the headless commands and tests, where nobody reads concurrently. */
    ModelRealm CALLER = Supplier::get;

    /** Runs {@code body} in the realm and waits for it. */
    <T> T call(Supplier<T> body);

    default void run(Runnable body) {
        call(() -> {
            body.run();
            return null;
        });
    }

    /**
     * True when the calling thread is the realm's (a call then runs directly). The default suits a realm
     * that runs bodies in the caller; a realm with a thread of its own must override it, or a write
     * made while holding the model lock could wait for that thread forever.
     */
    default boolean isCurrent() {
        return true;
    }

    /**
     * Takes {@code lock}. A realm with a thread of its own must, when called on that thread, keep
     * running the realm's work while it waits: the holder (a background save taking in another
     * process's changes) may be waiting for the realm before it lets go.
     */
    default void acquire(java.util.concurrent.locks.Lock lock) {
        lock.lock();
    }
}
