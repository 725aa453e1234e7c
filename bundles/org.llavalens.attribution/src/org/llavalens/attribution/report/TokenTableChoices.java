package org.llavalens.attribution.report;

import java.util.List;

import org.llavalens.attribution.Similarity;

/**
 * Which token tables a case gets besides the logit lens of the last position.
 *
 * @param tableHeads heads (the top ones) whose value outputs get token tables
 * @param similarity how the embedding-space tables score a patch against the vocabulary
 * @param positions  positions that get token tables besides the last (the trace must hold every position)
 * @param mrrTokens  tokens (words or ids, as a target) whose rank in every layer's logit lens at the last
 *                   position is tabled, with their mean reciprocal rank
 */
public record TokenTableChoices(int tableHeads, Similarity similarity, List<TablePosition> positions,
        List<String> mrrTokens) {

    /** How many tokens each token table lists (the k of its top-k). */
    public static final int TOP_TOKENS = 5;

    /** Tables of the five top heads, dot-product embedding tables, the last position only. */
    public static final TokenTableChoices LAST_POSITION = new TokenTableChoices(5, Similarity.DOT, List.of(), List.of());

    public TokenTableChoices {
        if (tableHeads < 0 || similarity == null) {
            throw new IllegalArgumentException("token tables need a similarity and 0 or more heads, not " + tableHeads);
        }
        positions = List.copyOf(positions);
        mrrTokens = List.copyOf(mrrTokens);
    }

    /** Dot-product tables of the last position, for this many top heads. */
    public static TokenTableChoices ofHeads(int tableHeads) {
        return new TokenTableChoices(tableHeads, Similarity.DOT, List.of(), List.of());
    }
}
