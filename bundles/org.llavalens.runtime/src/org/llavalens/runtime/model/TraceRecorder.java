package org.llavalens.runtime.model;

import java.util.EnumMap;
import java.util.Map;

import org.llavalens.runtime.trace.CaptureSpec;
import org.llavalens.runtime.trace.HookPoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/**
 * Copies the per-layer hooks a {@link CaptureSpec} asks for out of each decoder layer of a batch-1
 * pass, as flat float arrays by hook and layer. Nothing of size H x T x T is kept.
 */
final class TraceRecorder implements LayerRecorder {

    final CaptureSpec spec;
    final int layers;
    /** hook -> [layer] flat activations; RESID_PRE_ALL has L + 1 entries (the last is the final residual). */
    private final Map<HookPoint, float[][]> store = new EnumMap<>(HookPoint.class);
    long nanos;

    TraceRecorder(CaptureSpec spec, int layers) {
        this.spec = spec;
        this.layers = layers;
        for (HookPoint hook : spec.hooks()) {
            if (hook.perLayer()) {
                store.put(hook, new float[hook == HookPoint.RESID_PRE_ALL ? layers + 1 : layers][]);
            }
        }
    }

    /** The kept activations of {@code hook} at {@code layer} (not a copy), or null if not captured. */
    float[] get(HookPoint hook, int layer) {
        float[][] byLayer = store.get(hook);
        return byLayer == null ? null : byLayer[layer];
    }

    @Override
    public void layer(int l, Activations a) {
        long start = System.nanoTime();
        for (Map.Entry<HookPoint, float[][]> e : store.entrySet()) {
            e.getValue()[l] = copy(e.getKey(), a);
        }
        if (l == layers - 1 && store.containsKey(HookPoint.RESID_PRE_ALL)) {
            store.get(HookPoint.RESID_PRE_ALL)[layers] = a.residPost().toFloatArray();
        }
        nanos += System.nanoTime() - start;
    }

    private static float[] copy(HookPoint hook, Activations a) {
        long last = a.residPre().getShape().get(1) - 1;
        return switch (hook) {
            case RESID_PRE -> a.residPre().get(new NDIndex("0, {}", last)).toFloatArray();
            case ATTN_OUT -> a.attnOut().get(new NDIndex("0, {}", last)).toFloatArray();
            case MLP_OUT -> a.mlpOut().get(new NDIndex("0, {}", last)).toFloatArray();
            case RESID_POST -> a.residPost().get(new NDIndex("0, {}", last)).toFloatArray();
            case PATTERN -> a.pattern().get(new NDIndex("0, :, {}, :", last)).toFloatArray();
            case RESULT -> a.result().toFloatArray();
            case V -> a.values().toFloatArray();
            case RESID_PRE_ALL -> a.residPre().toFloatArray();
            case ATTN_OUT_ALL -> a.attnOut().toFloatArray();
            case MLP_OUT_ALL -> a.mlpOut().toFloatArray();
            case PATTERN_HEAD_MEAN -> a.pattern().mean(new int[] {1}).toFloatArray();
            case LOGITS, LOGITS_ALL -> throw new IllegalArgumentException(hook + " is not a layer's hook");
        };
    }
}
