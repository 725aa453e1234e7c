package org.llavalens.runtime.trace;

import java.nio.FloatBuffer;
import java.util.Optional;

/**
 * The internals of one forward pass at the last position T, as the attribution method reads them
 * (method.md §2). The named accessors return a fresh array the caller may keep or modify;
 * {@link #activation} gives a read-only view of what the trace keeps, without a copy.
 *
 * <p>What was captured is decided by the {@link CaptureSpec} the pass ran with and told by
 * {@link #captured()} and {@link #has}; asking for something that was not captured throws
 * {@link IllegalStateException} naming the missing hook, so a caller never silently reads zeros.
 */
public interface ForwardTrace {

    /** Sizes and identity of the model that produced this trace. */
    TraceModelInfo model();

    /** The hooks this trace kept (the spec its pass ran with). */
    CaptureSpec captured();

    /** Whether this trace kept {@code hook}: ask this instead of catching {@link IllegalStateException}. */
    default boolean has(HookPoint hook) {
        return captured().has(hook);
    }

    /**
     * The activations of {@code hook} at {@code layer} (ignored for the logits) as a read-only view,
     * flat in the layout {@link HookPoint} documents; traces that hold them keep no copy.
     *
     * @throws IllegalStateException if the hook was not captured
     */
    default FloatBuffer activation(HookPoint hook, int layer) {
        return TraceActivations.fromAccessors(this, hook, layer);
    }

    /** The input ids of the whole sequence (image positions included, expanded). */
    int[] inputIds();

    /** Number of positions T in the sequence. */
    default int sequenceLength() {
        return inputIds().length;
    }

    /** The image positions, if the input had an image. */
    Optional<ImageSpan> imageSpan();

    /** x^l_T, the input of decoder layer l at the last position; l in [0, L). */
    float[] layerInput(int layer);

    /** a^l_T, the attention block's output (o_proj) at the last position. */
    float[] attentionOutput(int layer);

    /** f^l_T, the MLP's output at the last position. */
    float[] mlpOutput(int layer);

    /** x^(l+1)_T = x^l_T + a^l_T + f^l_T as the model computed it (raw residual, no final norm). */
    float[] layerOutput(int layer);

    /** x^L_T, the raw final residual at the last position, before the final RMSNorm. */
    default float[] finalResidual() {
        return layerOutput(model().numLayers() - 1);
    }

    /** A^l[h, T, :], the softmax attention weights of the last query over all T positions. */
    float[] attentionWeights(int layer, int head);

    /** o^(l,h), head h's share of a^l_T (its W_O columns applied to its attention output). */
    float[] headOutput(int layer, int head);

    /**
     * c^(l,h)_j for every position j: [T][D], with sum over j equal to {@link #headOutput}. Computed
     * on demand from the captured values of layer l; needs {@link CaptureSpec#values()}.
     */
    float[][] headContributions(int layer, int head);

    /**
     * x^l_j at position j (any position, not just T), l in [0, L]; l = L is the raw final residual.
     * Needs {@link CaptureSpec#allPositions()} for j != T.
     */
    float[] residual(int layer, int position);

    /** a^l_j at any position j; needs {@link CaptureSpec#allPositions()} for j != T. */
    float[] attentionOutputAt(int layer, int position);

    /** f^l_j at any position j; needs {@link CaptureSpec#allPositions()} for j != T. */
    float[] mlpOutputAt(int layer, int position);

    /**
     * The attention of layer l averaged over its heads, for every query position: [T][T] (row i is
     * query i, causal so zero above the diagonal). Needs {@link CaptureSpec#attentionMatrices()}.
     */
    default float[][] meanAttention(int layer) {
        throw new IllegalStateException("attention matrices were not captured (CaptureSpec.attentionMatrices)");
    }

    /** The projected image features [P][D] that replaced the image tokens (LLaVA only). */
    Optional<float[][]> imageFeatures();

    /** The logits at the last position, [V]. */
    float[] logits();

    /**
     * The logits at every position, [T][V]: row j is what the model predicts after position j, row
     * T - 1 equals {@link #logits()}. Needs {@link CaptureSpec#allLogits()}.
     */
    default float[][] allLogits() {
        throw new IllegalStateException(ALL_LOGITS_MISSING);
    }

    /** Row {@code position} of {@link #allLogits()} without copying the others; needs {@link CaptureSpec#allLogits()}. */
    default float[] logitsAt(int position) {
        throw new IllegalStateException(ALL_LOGITS_MISSING);
    }

    /** The message of a trace asked for all-position logits it did not capture. */
    String ALL_LOGITS_MISSING = "the logits at every position were not captured: run the forward pass with "
            + "CaptureSpec.allLogits (e.g. CaptureSpec.MINIMAL.withAllLogits())";

    /** The final RMSNorm weight g, [D]. */
    float[] finalNormWeight();

    /** The final RMSNorm epsilon (the model's rms_norm_eps). */
    double finalNormEps();

    /** lm_head, [V x D]. */
    RowMatrix unembedding();

    /** embed_tokens, [V x D]. */
    RowMatrix embedding();

    /** Wall-clock timings of the pass in milliseconds by phase (e.g. "vision", "decoder", "capture"). */
    java.util.Map<String, Double> timingsMillis();
}
