package org.llavalens.attribution.projection;

import java.util.ArrayList;
import java.util.List;

import org.llavalens.attribution.FrozenNormUnembedding;

/**
 * Reads vectors as next-token predictions through the frozen-norm unembedding (method.md §3):
 * top-k tables, logit minus, and the mean reciprocal rank of a token over a set of vectors.
 */
public final class LogitLens {

    private final FrozenNormUnembedding unembedding;

    public LogitLens(FrozenNormUnembedding unembedding) {
        this.unembedding = unembedding;
    }

    /** Top-k of U(v) for each vector (one batch). */
    public List<List<TokenScore>> topK(float[][] vectors, int k) {
        float[][] logits = unembedding.logits(vectors);
        List<List<TokenScore>> out = new ArrayList<>(logits.length);
        for (float[] z : logits) {
            out.add(TopK.of(z, k));
        }
        return out;
    }

    public List<TokenScore> topK(float[] vector, int k) {
        return topK(new float[][] { vector }, k).get(0);
    }

    /** M = log p(b1 | v) - log p(b2 | v) (the log-sum-exp cancels: U(v)[b1] - U(v)[b2]). */
    public double logitMinus(float[] vector, int b1, int b2) {
        float[] z = unembedding.logits(new float[][] { vector })[0];
        return (double) z[b1] - z[b2];
    }

    /** 1-based rank of {@code token} in U(v) for each vector (ties: lower id first). */
    public int[] ranks(float[][] vectors, int token) {
        float[][] logits = unembedding.logits(vectors);
        int[] ranks = new int[logits.length];
        for (int i = 0; i < logits.length; i++) {
            ranks[i] = TopK.rank(logits[i], token);
        }
        return ranks;
    }

    /** Mean over the vectors of 1 / rank of {@code token}. */
    public double meanReciprocalRank(float[][] vectors, int token) {
        return Mrr.of(ranks(vectors, token));
    }
}
