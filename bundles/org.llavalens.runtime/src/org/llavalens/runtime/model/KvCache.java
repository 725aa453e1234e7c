package org.llavalens.runtime.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;

/**
 * Keys (after RoPE) and values of every decoder layer for the positions seen so far, [B, KV, P, hd].
 * A frozen cache is read but not extended: the ablation reruns all share one prefix.
 */
final class KvCache implements AutoCloseable {

    private final NDArray[] keys;
    private final NDArray[] values;
    private boolean frozen;
    private int length;

    KvCache(int layers) {
        keys = new NDArray[layers];
        values = new NDArray[layers];
    }

    int length() {
        return length;
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
        if (layer == keys.length - 1) {
            length = (int) k.getShape().get(2);
        }
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
