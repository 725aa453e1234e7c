package org.llavalens.runtime.model;

import ai.djl.ndarray.NDArray;

/**
 * Receives the internals of each decoder layer during a batch-1 pass. Arrays handed over are only
 * valid during the call; implementations copy what they keep.
 */
interface LayerRecorder {

    /**
     * @param x      layer input [1, S, D]
     * @param attn   attention block output a [1, S, D]
     * @param mlp    MLP output f [1, S, D]
     * @param out    layer output [1, S, D]
     * @param probs  attention weights [1, H, S, K]
     * @param heads  per-head outputs at the last position [H, D]
     * @param values v_proj output [1, S, KV * hd]
     */
    void layer(int layer, NDArray x, NDArray attn, NDArray mlp, NDArray out, NDArray probs, NDArray heads,
            NDArray values);
}
