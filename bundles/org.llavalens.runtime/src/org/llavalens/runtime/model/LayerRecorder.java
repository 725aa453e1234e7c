package org.llavalens.runtime.model;

import ai.djl.ndarray.NDArray;

/**
 * Receives the internals of each decoder layer during a batch-1 pass. Arrays handed over are only
 * valid during the call; implementations copy what they keep.
 */
interface LayerRecorder {

    /**
     * What one decoder layer computed, by hook (see {@link org.llavalens.runtime.trace.HookPoint}).
     *
     * @param residPre   layer input [1, S, D]
     * @param attnOut    attention block output a [1, S, D]
     * @param mlpOut     MLP output f [1, S, D]
     * @param residPost  layer output [1, S, D]
     * @param pattern    attention weights [1, H, S, K]
     * @param result     per-head outputs at the last position [H, D]
     * @param values     v_proj output [1, S, KV * hd]
     */
    record Activations(NDArray residPre, NDArray attnOut, NDArray mlpOut, NDArray residPost, NDArray pattern,
            NDArray result, NDArray values) {
    }

    void layer(int layer, Activations activations);
}
