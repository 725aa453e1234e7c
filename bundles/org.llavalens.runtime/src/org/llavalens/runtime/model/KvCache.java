package org.llavalens.runtime.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;

/**
 * Keys (after RoPE) and values of every decoder layer for the positions seen so far, [B, KV, P, hd].
 * A frozen cache is read but not extended: the ablation reruns all share one prefix.
 */
final class KvCache implements AutoCloseable {

    private final NDArray[] keys;
    private final NDArray[] values;
    private boolean frozen;

    KvCache(int layers) {
        keys = new NDArray[layers];
        values = new NDArray[layers];
    }

    NDArray keys(int layer) {
        return keys[layer];
    }

    NDArray values(int layer) {
        return values[layer];
    }

    boolean frozen() {
        return frozen;
    }

    void freeze() {
        frozen = true;
    }

    /** Replaces layer {@code layer}'s tensors by the extended ones; they outlive the layer's scope. */
    void update(int layer, NDArray k, NDArray v) {
        if (frozen) {
            throw new IllegalStateException("frozen KV cache");
        }
        NDScope.unregister(k, v);
        if (keys[layer] != null) {
            keys[layer].close();
            values[layer].close();
        }
        keys[layer] = k;
        values[layer] = v;
    }

    /**
     * A frozen cache of the first {@code positions} positions, viewing this one's tensors (no copy).
     * Close it before this cache changes.
     */
    KvCache prefix(int positions) {
        KvCache view = new KvCache(keys.length);
        for (int l = 0; l < keys.length; l++) {
            view.keys[l] = keys[l].get(new NDIndex(":, :, :{}", positions));
            view.values[l] = values[l].get(new NDIndex(":, :, :{}", positions));
            NDScope.unregister(view.keys[l], view.values[l]);
        }
        view.frozen = true;
        return view;
    }

    @Override
    public void close() {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null) {
                keys[i].close();
                values[i].close();
                keys[i] = null;
                values[i] = null;
            }
        }
    }
}
