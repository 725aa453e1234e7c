package org.llavalens.attribution.method;

/**
 * The ids of the built-in attribution methods and the setting keys front ends pass to them, so a
 * front end names a method without depending on its implementation.
 */
public final class MethodIds {

    /** The paper's log-probability increase of the target per head (method.md §2). */
    public static final String LOG_PROB_INCREASE = "logprob-increase";
    /** Attention of the last position to each image patch, averaged over heads and layers. */
    public static final String AVERAGE_ATTENTION = "average-attention";
    /** The causal baseline: the target's probability drop when one patch is replaced. */
    public static final String CAUSAL_ABLATION = "causal-ablation";
    /** Setting of {@link #LOG_PROB_INCREASE}: the head aggregation of its image map ({@code top1}, {@code topK:5}). */
    public static final String HEADS = "heads";
    /** Recorded by {@link #LOG_PROB_INCREASE}: the heads its image map summed ({@code 2_5,1_3}). */
    public static final String HEADS_USED = "headsUsed";

    private MethodIds() {
    }
}
