package org.llavalens.runtime.trace;

/**
 * A named place in the forward pass whose activations a trace can keep, named the way
 * TransformerLens names its hooks ({@code blocks.{l}.hook_resid_pre}, {@code blocks.{l}.attn.hook_v},
 * ...). Unlike TransformerLens, a hook here is kept either at the last position T only (cheap:
 * O(L x D) or O(L x H x T), always captured, what attribution reads) or at every position (asked for
 * through a {@link CaptureSpec}); the two are separate hook points with the same name.
 */
public enum HookPoint {

    /** x^l_T, the input of decoder layer l at the last position; [D]. */
    RESID_PRE("blocks.{l}.hook_resid_pre"),
    /** x^l_j at every position j, l in [0, L] (l = L is the raw final residual); [T * D]. */
    RESID_PRE_ALL(RESID_PRE),
    /** a^l_T, the attention block's output (o_proj) at the last position; [D]. */
    ATTN_OUT("blocks.{l}.hook_attn_out"),
    /** a^l_j at every position; [T * D]. */
    ATTN_OUT_ALL(ATTN_OUT),
    /** f^l_T, the MLP's output at the last position; [D]. */
    MLP_OUT("blocks.{l}.hook_mlp_out"),
    /** f^l_j at every position; [T * D]. */
    MLP_OUT_ALL(MLP_OUT),
    /** x^(l+1)_T, the output of layer l at the last position; [D]. */
    RESID_POST("blocks.{l}.hook_resid_post"),
    /** A^l[h, T, :], every head's attention weights of the last query; [H * T], head h at h * T. */
    PATTERN("blocks.{l}.attn.hook_pattern"),
    /** Layer l's attention averaged over its heads, for every query; [T * T], query i at i * T. */
    PATTERN_HEAD_MEAN(PATTERN),
    /** o^(l,h), every head's share of a^l_T; [H * D], head h at h * D. */
    RESULT("blocks.{l}.attn.hook_result"),
    /** v^l, the value vectors of every position, for head contributions; [T * KV * hd]. */
    V("blocks.{l}.attn.hook_v", Positions.ALL),
    /** The logits at the last position; [V] (no layer). */
    LOGITS("logits"),
    /** The logits at every position; [T * V] (no layer). */
    LOGITS_ALL(LOGITS);

    /** Whether a hook keeps the last position only or every position. */
    public enum Positions {
        LAST, ALL
    }

    private final String template;
    private final Positions positions;

    /** A hook kept at the last position only. */
    HookPoint(String template) {
        this(template, Positions.LAST);
    }

    /** The same hook as {@code lastPosition}, kept at every position. */
    HookPoint(HookPoint lastPosition) {
        this(lastPosition.template, Positions.ALL);
    }

    HookPoint(String template, Positions positions) {
        this.template = template;
        this.positions = positions;
    }

    /** The TransformerLens-style name with {@code {l}} for the layer, e.g. {@code blocks.{l}.hook_mlp_out}. */
    public String template() {
        return template;
    }

    /** The name at one layer, e.g. {@code blocks.3.hook_mlp_out}; hooks without a layer ignore it. */
    public String name(int layer) {
        return template.replace("{l}", Integer.toString(layer));
    }

    public Positions positions() {
        return positions;
    }

    /** Kept by every pass that records a trace: the last-position hooks. */
    public boolean alwaysCaptured() {
        return positions == Positions.LAST;
    }

    /** Whether the hook belongs to each decoder layer (false: once per pass, such as the logits). */
    public boolean perLayer() {
        return template.contains("{l}");
    }

    @Override
    public String toString() {
        return template + (positions == Positions.ALL ? " (every position)" : " (last position)");
    }
}
