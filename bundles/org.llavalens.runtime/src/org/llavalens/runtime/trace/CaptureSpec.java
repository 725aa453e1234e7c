package org.llavalens.runtime.trace;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What a forward pass keeps: a set of named {@link HookPoint}s. The last-position hooks (layer
 * inputs and outputs, attention and MLP outputs, last-query attention weights, per-head outputs and
 * logits) are always in it because they cost O(L x D) and O(L x H x T); the others are asked for:
 * <ul>
 * <li>{@link HookPoint#V}: each layer's value vectors, so that {@link ForwardTrace#headContributions}
 * can be computed later (O(L x T x D));</li>
 * <li>{@link #ALL_POSITIONS}: x^l_j, a^l_j and f^l_j at every position (O(3 x L x T x D)), for logit
 * lens and token tables of positions other than the last;</li>
 * <li>{@link HookPoint#PATTERN_HEAD_MEAN}: each layer's head-averaged attention over all query
 * positions (O(L x T x T)), for methods such as attention rollout;</li>
 * <li>{@link HookPoint#LOGITS_ALL}: the final norm and lm_head at every position (O(T x V) floats
 * and T x D x V multiply-adds), for {@link ForwardTrace#allLogits}.</li>
 * </ul>
 *
 * @param hooks every hook the pass keeps (the always-captured ones included); unmodifiable
 */
public record CaptureSpec(Set<HookPoint> hooks) {

    private static final Set<HookPoint> ALL_POSITION_HOOKS = Collections.unmodifiableSet(
            EnumSet.of(HookPoint.RESID_PRE_ALL, HookPoint.ATTN_OUT_ALL, HookPoint.MLP_OUT_ALL));

    public CaptureSpec {
        EnumSet<HookPoint> all = EnumSet.noneOf(HookPoint.class);
        for (HookPoint h : HookPoint.values()) {
            if (h.alwaysCaptured()) {
                all.add(h);
            }
        }
        all.addAll(hooks);
        hooks = Collections.unmodifiableSet(all);
    }

    /** The always-captured hooks plus {@code asked}. */
    public static CaptureSpec of(HookPoint... asked) {
        return new CaptureSpec(Set.of(asked));
    }

    public boolean has(HookPoint hook) {
        return hooks.contains(hook);
    }

    /** This spec plus {@code more}. */
    public CaptureSpec with(HookPoint... more) {
        EnumSet<HookPoint> all = EnumSet.copyOf(hooks);
        all.addAll(List.of(more));
        return new CaptureSpec(all);
    }

    /** What both specs keep. */
    public CaptureSpec union(CaptureSpec other) {
        return with(other.hooks.toArray(HookPoint[]::new));
    }

    /** This spec plus the logits at every position. */
    public CaptureSpec withAllLogits() {
        return with(HookPoint.LOGITS_ALL);
    }

    /** Keeps the value vectors ({@link HookPoint#V}). */
    public boolean values() {
        return has(HookPoint.V);
    }

    /** Keeps residual, attention and MLP outputs at every position. */
    public boolean allPositions() {
        return hooks.containsAll(ALL_POSITION_HOOKS);
    }

    /** Keeps the head-averaged attention matrices ({@link HookPoint#PATTERN_HEAD_MEAN}). */
    public boolean attentionMatrices() {
        return has(HookPoint.PATTERN_HEAD_MEAN);
    }

    /** Keeps the logits at every position ({@link HookPoint#LOGITS_ALL}). */
    public boolean allLogits() {
        return has(HookPoint.LOGITS_ALL);
    }

    /** A plain forward: nothing beyond the last-position essentials. */
    public static final CaptureSpec MINIMAL = of();

    /** What the attribution engine needs for head and position scores. */
    public static final CaptureSpec ATTRIBUTION = of(HookPoint.V);

    /** Residual, attention and MLP outputs at every position, for token tables of any position. */
    public static final CaptureSpec ALL_POSITIONS = of(HookPoint.RESID_PRE_ALL, HookPoint.ATTN_OUT_ALL,
            HookPoint.MLP_OUT_ALL);

    /**
     * Everything per layer, for the workbench's token tables. The logits at every position are not
     * included (they cost a T x V array): ask with {@code FULL.withAllLogits()}.
     */
    public static final CaptureSpec FULL = ATTRIBUTION.union(ALL_POSITIONS).with(HookPoint.PATTERN_HEAD_MEAN);

    @Override
    public String toString() {
        return "CaptureSpec" + hooks;
    }
}
