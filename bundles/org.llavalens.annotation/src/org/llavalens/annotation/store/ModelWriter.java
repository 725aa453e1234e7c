package org.llavalens.annotation.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

import org.llavalens.annotation.ModelRealm;
import org.llavalens.annotation.ProjectListener;

/**
 * The one way a project's model is changed: in the project's {@link ModelRealm}, then under the
 * model lock (never the other way round: a thread that held the lock while waiting for the realm
 * would deadlock with a realm thread waiting for the lock). Listeners hear of the changes in the
 * realm after the lock is released, once per outermost write. EMF objects are not thread-safe; the
 * workbench reads the model on its UI thread and the autosave serialises it from its own.
 */
public final class ModelWriter implements LockingCommandStack.Writer {

    private final ReentrantLock lock = new ReentrantLock();
    private final List<ProjectListener> listeners = new CopyOnWriteArrayList<>();
    /** Changes made by the write under way, told to the listeners when the outermost write ends. */
    private final List<ProjectListener.Change> unannounced = new ArrayList<>();
    private int depth;
    private long changeCount;
    private volatile ModelRealm realm = ModelRealm.CALLER;

    /** Guards the model against the background save; hold it to read from another thread than the realm's. */
    public ReentrantLock lock() {
        return lock;
    }

    /** The default runs writes in the caller's thread; the workbench sets its UI thread. */
    public void setRealm(ModelRealm r) {
        this.realm = r == null ? ModelRealm.CALLER : r;
    }

    public ModelRealm realm() {
        return realm;
    }

    public void addListener(ProjectListener l) {
        listeners.add(l);
    }

    public void removeListener(ProjectListener l) {
        listeners.remove(l);
    }

    /** How many announced changes were made so far; read under {@link #lock()} to tell a stale cache. */
    public long changeCount() {
        return changeCount;
    }

    /**
     * @param kind null for bookkeeping that nobody is told about (e.g. a new empty sheet)
     */
    @Override
    public void write(ProjectListener.Kind kind, String label, Runnable change) {
        ModelRealm r = realm;
        if (!r.isCurrent() && lock.isHeldByCurrentThread()) {
            throw new IllegalStateException("a model write while holding the model lock outside the realm ("
                    + r + ") would deadlock");
        }
        r.run(() -> {
            List<ProjectListener.Change> told;
            lock.lock();
            try {
                depth++;
                try {
                    change.run();
                } finally {
                    depth--;
                }
                if (kind != null) {
                    changeCount++;
                    unannounced.add(new ProjectListener.Change(kind, label));
                }
                if (depth > 0 || unannounced.isEmpty()) {
                    return;
                }
                told = List.copyOf(unannounced);
                unannounced.clear();
            } finally {
                lock.unlock();
            }
            for (ProjectListener.Change c : told) {
                listeners.forEach(l -> l.projectChanged(c));
            }
        });
    }
}
