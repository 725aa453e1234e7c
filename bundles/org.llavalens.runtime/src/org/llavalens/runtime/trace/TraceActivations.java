package org.llavalens.runtime.trace;

import java.nio.FloatBuffer;

/**
 * {@link ForwardTrace#activation} for traces that only have the named accessors (fixtures, other
 * stores): the hook's flat layout assembled from them, once.
 */
final class TraceActivations {

    private TraceActivations() {
    }

    static FloatBuffer fromAccessors(ForwardTrace t, HookPoint hook, int l) {
        if (!t.has(hook)) {
            throw new IllegalStateException(hook.name(l) + " was not captured (ask ForwardTrace.has first)");
        }
        int heads = t.model().numHeads();
        int positions = t.sequenceLength();
        FloatBuffer out = switch (hook) {
            case RESID_PRE -> FloatBuffer.wrap(t.layerInput(l));
            case ATTN_OUT -> FloatBuffer.wrap(t.attentionOutput(l));
            case MLP_OUT -> FloatBuffer.wrap(t.mlpOutput(l));
            case RESID_POST -> FloatBuffer.wrap(t.layerOutput(l));
            case LOGITS -> FloatBuffer.wrap(t.logits());
            case PATTERN -> rows(heads, h -> t.attentionWeights(l, h));
            case RESULT -> rows(heads, h -> t.headOutput(l, h));
            case RESID_PRE_ALL -> rows(positions, j -> t.residual(l, j));
            case ATTN_OUT_ALL -> rows(positions, j -> t.attentionOutputAt(l, j));
            case MLP_OUT_ALL -> rows(positions, j -> t.mlpOutputAt(l, j));
            case PATTERN_HEAD_MEAN -> {
                float[][] matrix = t.meanAttention(l);
                yield rows(positions, i -> matrix[i]);
            }
            case LOGITS_ALL -> rows(positions, t::logitsAt);
            case V -> throw new IllegalStateException(hook.name(l) + ": this trace has no accessor for the "
                    + "value vectors; read them through headContributions");
        };
        return out.asReadOnlyBuffer();
    }

    private static FloatBuffer rows(int count, java.util.function.IntFunction<float[]> row) {
        float[] first = row.apply(0);
        FloatBuffer flat = FloatBuffer.allocate(count * first.length);
        flat.put(first);
        for (int i = 1; i < count; i++) {
            flat.put(row.apply(i));
        }
        return flat.flip();
    }
}
