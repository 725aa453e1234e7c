package org.llavalens.analysis.explain;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

import org.llavalens.runtime.compute.ComputeSettings;
import org.llavalens.runtime.model.LoadedModel;
import org.llavalens.runtime.model.ModelLoader;

/**
 * Loaded models kept between cases (loading is the slow part): at most {@code capacity} at once, the
 * least recently used closed first. One analysis at a time runs on a model: a lease holds the
 * model's lock until it is closed.
 */
public final class ModelPool implements AutoCloseable {

    private record Key(Path folder, ComputeSettings compute) {
    }

    private record Entry(LoadedModel model, ReentrantLock lock) {
    }

    /** A model held for one analysis; closing it lets the next one run. */
    public static final class Lease implements AutoCloseable {

        private final LoadedModel model;
        private final ReentrantLock lock;

        private Lease(LoadedModel model, ReentrantLock lock) {
            this.model = model;
            this.lock = lock;
        }

        public LoadedModel model() {
            return model;
        }

        @Override
        public void close() {
            lock.unlock();
        }
    }

    private final int capacity;
    private final Map<Key, Entry> models = new LinkedHashMap<>(4, 0.75f, true);
    /** Models the caller loaded and closes itself (the workbench's session model), by folder. */
    private final Map<Path, Entry> borrowed = new LinkedHashMap<>();

    /** @param capacity how many models stay loaded (the comparison needs two: LLaVA and Vicuna) */
    public ModelPool(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a model pool holds at least one model, not " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * Serves {@code model} for its folder whatever the compute settings asked, without loading or
     * closing it: its owner closes it after the pool.
     */
    public synchronized void borrow(LoadedModel model) {
        borrowed.put(model.folder().toAbsolutePath().normalize(), new Entry(model, new ReentrantLock()));
    }

    /**
     * The model of {@code folder} on {@code compute}, loaded on first use, locked for the caller.
     * Waits while another analysis runs on it.
     */
    public Lease lease(Path folder, ComputeSettings compute) {
        Entry e = entry(folder.toAbsolutePath().normalize(), compute);
        e.lock().lock();
        return new Lease(e.model(), e.lock());
    }

    private synchronized Entry entry(Path folder, ComputeSettings compute) {
        Entry lent = borrowed.get(folder);
        if (lent != null) {
            return lent;
        }
        Key key = new Key(folder, compute);
        Entry e = models.get(key);
        if (e != null) {
            return e;
        }
        while (models.size() >= capacity) {
            Key eldest = models.keySet().iterator().next();
            Entry old = models.remove(eldest);
            // an analysis still running on it finishes first
            old.lock().lock();
            try {
                old.model().close();
            } finally {
                old.lock().unlock();
            }
        }
        e = new Entry(ModelLoader.load(folder, compute), new ReentrantLock());
        models.put(key, e);
        return e;
    }

    @Override
    public synchronized void close() {
        models.values().forEach(e -> e.model().close());
        models.clear();
        borrowed.clear();
    }
}
