package org.llavalens.analysis.experiment;

import org.llavalens.attribution.FrozenNormUnembedding;
import org.llavalens.attribution.projection.Mrr;
import org.llavalens.attribution.projection.TopK;

/**
 * A set of vectors read once through the frozen-norm unembedding U (method.md §3), then asked for
 * token ranks (MRR) and Eq. 7's logit difference M = log p(b1 | v) - log p(b2 | v). The log-sum-exp of
 * the two log-probabilities is the same, so M = U(v)[b1] - U(v)[b2]: one unembedding serves every
 * question about the same vectors.
 */
final class Readout {

    private final float[][] logits;

    private Readout(float[][] logits) {
        this.logits = logits;
    }

    static Readout of(FrozenNormUnembedding unembedding, float[][] vectors) {
        return new Readout(unembedding.logits(vectors));
    }

    /** Scores already in vocabulary space (e.g. E v_j for the embedding-space tables). */
    static Readout ofScores(double[][] scores) {
        float[][] f = new float[scores.length][];
        for (int i = 0; i < scores.length; i++) {
            f[i] = new float[scores[i].length];
            for (int j = 0; j < f[i].length; j++) {
                f[i][j] = (float) scores[i][j];
            }
        }
        return new Readout(f);
    }

    /** Mean over the vectors of 1 / rank of {@code token} (rank 1 = best; ties: lower id first). */
    double mrr(int token) {
        int[] ranks = new int[logits.length];
        for (int i = 0; i < logits.length; i++) {
            ranks[i] = TopK.rank(logits[i], token);
        }
        return Mrr.of(ranks);
    }

    /** Mean over the vectors of U(v)[b1] - U(v)[b2]. */
    double meanLogitDifference(int b1, int b2) {
        double s = 0;
        for (float[] z : logits) {
            s += (double) z[b1] - z[b2];
        }
        return logits.length == 0 ? Double.NaN : s / logits.length;
    }
}
