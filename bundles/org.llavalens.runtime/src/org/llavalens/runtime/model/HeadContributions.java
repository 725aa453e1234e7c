package org.llavalens.runtime.model;

import org.llavalens.runtime.config.TextConfig;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * c^(l,h)_j = A^l[h,T,j] * v^l[j,k(h)] W_O^(l,h)^T for every position j, computed when asked. The
 * o_proj of the most recently asked layer stays upcast, since callers go through a layer's heads
 * in turn.
 */
final class HeadContributions implements AutoCloseable {

    private final TextConfig config;
    private final WeightLoader loader;
    private final LlamaDecoder decoder;
    private int cachedLayer = -1;
    private NDArray cachedOProj;

    HeadContributions(TextConfig config, WeightLoader loader, LlamaDecoder decoder) {
        this.config = config;
        this.loader = loader;
        this.decoder = decoder;
    }

    /**
     * @param attention A^l[h,T,:] [T]
     * @param values    v_proj output of layer l, [T * KV * hd]
     * @return [T][D]
     */
    synchronized float[][] compute(int layer, int head, float[] attention, float[] values) {
        int t = attention.length;
        int hd = config.headDim();
        int kvWidth = config.numKeyValueHeads() * hd;
        int kv = head / (config.numHeads() / config.numKeyValueHeads());
        int d = config.hiddenSize();
        if (cachedLayer != layer) {
            if (cachedOProj != null) {
                cachedOProj.close();
            }
            cachedOProj = loader.owned(decoder.layerName(layer, "self_attn.o_proj.weight"));
            cachedLayer = layer;
        }
        float[] scaled = new float[t * hd];
        for (int j = 0; j < t; j++) {
            float a = attention[j];
            int from = j * kvWidth + kv * hd;
            for (int i = 0; i < hd; i++) {
                scaled[j * hd + i] = a * values[from + i];
            }
        }
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray woHead = cachedOProj.get(new NDIndex(":, {}:{}", head * hd, (head + 1) * hd)); // [D, hd]
            NDArray v = cachedOProj.getManager().create(scaled, new Shape(t, hd));
            float[] flat = v.matMul(woHead.transpose()).toFloatArray();
            float[][] out = new float[t][];
            for (int j = 0; j < t; j++) {
                out[j] = new float[d];
                System.arraycopy(flat, j * d, out[j], 0, d);
            }
            return out;
        }
    }

    @Override
    public synchronized void close() {
        if (cachedOProj != null) {
            cachedOProj.close();
            cachedOProj = null;
        }
    }
}
