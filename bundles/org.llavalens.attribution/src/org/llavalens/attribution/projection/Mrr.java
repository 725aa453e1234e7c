package org.llavalens.attribution.projection;

/** Mean reciprocal rank: mean of 1 / rank over a set of projections (ranks are 1-based). */
public final class Mrr {

    private Mrr() {
    }

    public static double of(int[] ranks) {
        if (ranks.length == 0) {
            throw new IllegalArgumentException("MRR of an empty set of projections");
        }
        double s = 0;
        for (int r : ranks) {
            if (r < 1) {
                throw new IllegalArgumentException("rank " + r + " is not 1-based");
            }
            s += 1.0 / r;
        }
        return s / ranks.length;
    }
}
