package org.llavalens.attribution;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * S^(l,h) for all L x H heads (method.md §2): raw log-probability increases. Scores are not
 * additive; percentages are a display convention (share of the positive total), never a
 * replacement for the raw values.
 */
public final class HeadScores {

    private final double[][] raw;

    public HeadScores(double[][] raw) {
        this.raw = new double[raw.length][];
        for (int l = 0; l < raw.length; l++) {
            if (raw[l] == null) {
                throw new IllegalArgumentException("head scores: layer " + l + " has no row");
            }
            this.raw[l] = raw[l].clone();
        }
    }

    /** The head-wise mean of score grids of the same shape (the paper's figure averages cases). */
    public static HeadScores mean(List<HeadScores> grids) {
        if (grids.isEmpty()) {
            throw new IllegalArgumentException("no head scores to average");
        }
        HeadScores first = grids.get(0);
        double[][] out = new double[first.numLayers()][first.numHeads()];
        for (HeadScores g : grids) {
            if (g.numLayers() != out.length || g.numHeads() != first.numHeads() || !g.rectangular()) {
                throw new IllegalArgumentException("head grids of different shapes cannot be averaged");
            }
            for (int l = 0; l < out.length; l++) {
                for (int h = 0; h < out[l].length; h++) {
                    out[l][h] += g.raw[l][h] / grids.size();
                }
            }
        }
        return new HeadScores(out);
    }

    public int numLayers() {
        return raw.length;
    }

    public int numHeads() {
        return raw.length == 0 ? 0 : raw[0].length;
    }

    public double score(HeadId id) {
        return raw[id.layer()][id.head()];
    }

    public double score(int layer, int head) {
        return raw[layer][head];
    }

    /** The scores of one layer's heads [H], a copy. */
    public double[] layer(int layer) {
        return raw[layer].clone();
    }

    /** The index of the first score that is NaN or infinite as {@code layer_head}, or empty. */
    public java.util.Optional<HeadId> firstNonFinite() {
        for (int l = 0; l < raw.length; l++) {
            for (int h = 0; h < raw[l].length; h++) {
                if (!Double.isFinite(raw[l][h])) {
                    return java.util.Optional.of(new HeadId(l, h));
                }
            }
        }
        return java.util.Optional.empty();
    }

    /** Whether every layer has the same number of heads. */
    public boolean rectangular() {
        for (double[] row : raw) {
            if (row == null || row.length != numHeads()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HeadScores s && java.util.Arrays.deepEquals(s.raw, raw);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.deepHashCode(raw);
    }

    @Override
    public String toString() {
        return "HeadScores" + java.util.Arrays.deepToString(raw);
    }

    /** [L][H], a copy. */
    public double[][] raw() {
        double[][] out = new double[raw.length][];
        for (int l = 0; l < raw.length; l++) {
            out[l] = raw[l].clone();
        }
        return out;
    }

    /** sum of S over heads with S > 0. */
    public double positiveTotal() {
        double t = 0;
        for (double[] row : raw) {
            for (double s : row) {
                if (s > 0) {
                    t += s;
                }
            }
        }
        return t;
    }

    /**
     * Each head's S divided by the sum of the positive S over all heads (Section 3.4's normalised
     * importance); all 0 when no head has a positive score.
     */
    public HeadScores shares() {
        double t = positiveTotal();
        double[][] out = new double[raw.length][];
        for (int l = 0; l < raw.length; l++) {
            out[l] = new double[raw[l].length];
            for (int h = 0; h < raw[l].length; h++) {
                out[l][h] = t > 0 ? raw[l][h] / t : 0;
            }
        }
        return new HeadScores(out);
    }

    /** The paper's "importance %": 100 * S / sum(S > 0); 0 when no head has a positive score. */
    public double percent(HeadId id) {
        double t = positiveTotal();
        return t > 0 ? 100 * score(id) / t : 0;
    }

    /** Every head, highest score first; ties keep the lower layer, then the lower head, first. */
    public List<HeadId> ranked() {
        List<HeadId> all = new ArrayList<>();
        for (int l = 0; l < raw.length; l++) {
            for (int h = 0; h < raw[l].length; h++) {
                all.add(new HeadId(l, h));
            }
        }
        all.sort(Comparator.comparingDouble((HeadId id) -> -score(id)).thenComparing(Comparator.naturalOrder()));
        return all;
    }

    public List<HeadId> top(int k) {
        List<HeadId> r = ranked();
        return List.copyOf(r.subList(0, Math.min(k, r.size())));
    }
}
