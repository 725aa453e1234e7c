package org.llavalens.attribution;

import java.util.List;

/**
 * Scores over the image patches, gridSide x gridSide row-major (patch k at row k / side, column k %
 * side), with the heads and aggregation that produced them. Raw scores are kept; the display
 * normalisation is a separate, recorded choice.
 */
public record ImageMap(int gridSide, double[] raw, List<HeadId> heads, String aggregation) {

    public ImageMap {
        raw = raw.clone();
        heads = List.copyOf(heads);
        if (raw.length != gridSide * gridSide) {
            throw new IllegalArgumentException(raw.length + " patch scores do not fill a " + gridSide + "x" + gridSide + " grid");
        }
    }

    @Override
    public double[] raw() {
        return raw.clone();
    }

    public double[] normalized(ScoreNormalization n) {
        return n.apply(raw);
    }

    /** Sums the image-span slice of each head's position scores. */
    public static ImageMap aggregate(java.util.Map<HeadId, double[]> positionScores, List<HeadId> heads,
            org.llavalens.runtime.trace.ImageSpan span, String aggregation) {
        double[] sum = new double[span.patchCount()];
        for (HeadId id : heads) {
            double[] s = positionScores.get(id);
            if (s == null) {
                throw new IllegalArgumentException("no position scores for head " + id);
            }
            for (int k = 0; k < sum.length; k++) {
                sum[k] += s[span.firstPatch() + k];
            }
        }
        return new ImageMap(span.gridSide(), sum, heads, aggregation);
    }
}
