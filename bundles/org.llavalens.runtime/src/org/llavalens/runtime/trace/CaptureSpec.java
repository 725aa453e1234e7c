package org.llavalens.runtime.trace;

/**
 * What a forward pass keeps besides the last-position essentials (layer inputs/outputs, attention
 * and MLP outputs, last-query attention weights, per-head outputs and logits, which are always
 * captured because they cost O(L x D) and O(L x H x T)).
 *
 * @param values       keep each layer's value vectors v^l [T x KV x hd] so that
 *                     {@link ForwardTrace#headContributions} can be computed later (O(L x T x D))
 * @param allPositions keep x^l_j, a^l_j and f^l_j at every position (O(3 x L x T x D)), for logit
 *                     lens and token tables of positions other than the last
 * @param attentionMatrices keep each layer's head-averaged attention over all query positions
 *                     (O(L x T x T)), for methods such as attention rollout
 * @param allLogits    apply the final norm and lm_head at every position, not only the last
 *                     (O(T x V) floats and T x D x V multiply-adds), for {@link ForwardTrace#allLogits}
 */
public record CaptureSpec(boolean values, boolean allPositions, boolean attentionMatrices, boolean allLogits) {

    public CaptureSpec(boolean values, boolean allPositions, boolean attentionMatrices) {
        this(values, allPositions, attentionMatrices, false);
    }

    public CaptureSpec(boolean values, boolean allPositions) {
        this(values, allPositions, false);
    }

    /** What both specs keep. */
    public CaptureSpec union(CaptureSpec other) {
        return new CaptureSpec(values || other.values, allPositions || other.allPositions,
                attentionMatrices || other.attentionMatrices, allLogits || other.allLogits);
    }

    /** This spec plus the logits at every position. */
    public CaptureSpec withAllLogits() {
        return new CaptureSpec(values, allPositions, attentionMatrices, true);
    }

    /** A plain forward: nothing beyond the last-position essentials. */
    public static final CaptureSpec MINIMAL = new CaptureSpec(false, false);

    /** What the attribution engine needs for head and position scores. */
    public static final CaptureSpec ATTRIBUTION = new CaptureSpec(true, false);

    /**
     * Everything per layer, for the workbench's token tables. The logits at every position are not
     * included (they cost a T x V array): ask with {@code FULL.withAllLogits()}.
     */
    public static final CaptureSpec FULL = new CaptureSpec(true, true, true);
}
