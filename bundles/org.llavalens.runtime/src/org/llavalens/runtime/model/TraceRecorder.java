package org.llavalens.runtime.model;

import org.llavalens.runtime.trace.CaptureSpec;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/**
 * Copies what a {@link CaptureSpec} asks for out of each decoder layer of a batch-1 pass: the
 * last position always, values and all positions only on request. Nothing of size T x T is kept.
 */
final class TraceRecorder implements LayerRecorder {

    final CaptureSpec spec;
    final int layers;
    final float[][] layerIn;
    final float[][] attnOut;
    final float[][] mlpOut;
    final float[][] layerOut;
    /** [L][H * T]: head h's weights at h * T. */
    final float[][] attention;
    /** [L][H * D]. */
    final float[][] headOut;
    /** [L][T * KV * hd] or null. */
    final float[][] values;
    /** [L + 1][T * D], [L][T * D], [L][T * D] or null. */
    final float[][] residualAll;
    final float[][] attnAll;
    final float[][] mlpAll;
    long nanos;

    TraceRecorder(CaptureSpec spec, int layers) {
        this.spec = spec;
        this.layers = layers;
        layerIn = new float[layers][];
        attnOut = new float[layers][];
        mlpOut = new float[layers][];
        layerOut = new float[layers][];
        attention = new float[layers][];
        headOut = new float[layers][];
        values = spec.values() ? new float[layers][] : null;
        residualAll = spec.allPositions() ? new float[layers + 1][] : null;
        attnAll = spec.allPositions() ? new float[layers][] : null;
        mlpAll = spec.allPositions() ? new float[layers][] : null;
    }

    @Override
    public void layer(int l, NDArray x, NDArray attn, NDArray mlp, NDArray out, NDArray probs, NDArray heads,
            NDArray v) {
        long start = System.nanoTime();
        long last = x.getShape().get(1) - 1;
        layerIn[l] = x.get(new NDIndex("0, {}", last)).toFloatArray();
        attnOut[l] = attn.get(new NDIndex("0, {}", last)).toFloatArray();
        mlpOut[l] = mlp.get(new NDIndex("0, {}", last)).toFloatArray();
        layerOut[l] = out.get(new NDIndex("0, {}", last)).toFloatArray();
        attention[l] = probs.get(new NDIndex("0, :, {}, :", last)).toFloatArray();
        headOut[l] = heads.toFloatArray();
        if (values != null) {
            values[l] = v.toFloatArray();
        }
        if (residualAll != null) {
            residualAll[l] = x.toFloatArray();
            attnAll[l] = attn.toFloatArray();
            mlpAll[l] = mlp.toFloatArray();
            if (l == layers - 1) {
                residualAll[layers] = out.toFloatArray();
            }
        }
        nanos += System.nanoTime() - start;
    }
}
