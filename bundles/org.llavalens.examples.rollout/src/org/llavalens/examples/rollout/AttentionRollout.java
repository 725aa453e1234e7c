package org.llavalens.examples.rollout;

/**
 * Attention rollout (Abnar &amp; Zuidema, 2020) read at the last position: with per-layer
 * head-averaged attention A^l and residual weight r, each layer mixes as
 * M^l = (1 - r) A^l + r I (rows sum to one), and the relevance of input position j to the last
 * position T is row T of M^(L-1) ... M^0. Only that row is needed, so it is propagated downwards
 * as a vector: O(L T^2) instead of the O(L T^3) matrix product.
 */
public final class AttentionRollout {

    private AttentionRollout() {
    }

    /**
     * @param attention      per layer, the head-averaged attention [T][T] (row = query)
     * @param residualWeight r in [0, 1): the share of the identity (0.5 in the original paper)
     * @param startLayer     layers below it are skipped (they count as the identity)
     * @return the relevance of every position to the last one, [T], summing to one
     */
    public static double[] lastRow(float[][][] attention, double residualWeight, int startLayer) {
        if (residualWeight < 0 || residualWeight >= 1) {
            throw new IllegalArgumentException("residual weight must be in [0, 1), not " + residualWeight);
        }
        int layers = attention.length;
        if (layers == 0) {
            throw new IllegalArgumentException("no layers");
        }
        int t = attention[0].length;
        double[] row = new double[t];
        row[t - 1] = 1.0;
        for (int l = layers - 1; l >= Math.max(0, startLayer); l--) {
            row = mix(row, attention[l], residualWeight);
        }
        return row;
    }

    /** row * M with M = (1 - r) A + r I; each row of A is renormalised so M stays row-stochastic. */
    private static double[] mix(double[] row, float[][] a, double r) {
        int t = row.length;
        if (a.length != t) {
            throw new IllegalArgumentException("attention of layer has " + a.length + " rows, expected " + t);
        }
        double[] next = new double[t];
        for (int i = 0; i < t; i++) {
            double w = row[i];
            if (w == 0) {
                continue;
            }
            float[] ai = a[i];
            double sum = 0;
            for (int j = 0; j <= i; j++) {
                sum += ai[j];
            }
            double scale = sum > 0 ? (1 - r) * w / sum : 0;
            for (int j = 0; j <= i; j++) {
                next[j] += scale * ai[j];
            }
            next[i] += sum > 0 ? r * w : w;
        }
        return next;
    }
}
