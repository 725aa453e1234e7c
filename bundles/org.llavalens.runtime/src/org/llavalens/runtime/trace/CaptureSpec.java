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
 */
public record CaptureSpec(boolean values, boolean allPositions) {

    /** A plain forward: nothing beyond the last-position essentials. */
    public static final CaptureSpec MINIMAL = new CaptureSpec(false, false);

    /** What the attribution engine needs for head and position scores. */
    public static final CaptureSpec ATTRIBUTION = new CaptureSpec(true, false);

    /** Everything, for the workbench's token tables. */
    public static final CaptureSpec FULL = new CaptureSpec(true, true);
}
