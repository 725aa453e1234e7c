package org.llavalens.demo;

import java.util.Locale;

import org.llavalens.demo.scene.Animal;

/**
 * The demo's acceptance figures over a set of cases (issue 4): accuracy, how often the planted color
 * head ranks first by S, the smallest share of its positive image mass on the asked animal, how often
 * average attention peaks on the sink patch and the worst peak-to-next ratio. Fed per case by whichever
 * forward pass and attribution produced the numbers.
 */
final class Figures {

    int n;
    int correct;
    int plantedFirst;
    double minMassShare = Double.POSITIVE_INFINITY;
    int sinkPeaks;
    double worstSinkRatio = Double.POSITIVE_INFINITY;
    double minTargetProb = Double.POSITIVE_INFINITY;
    double minPreviousTokenAttention = Double.POSITIVE_INFINITY;
    double maxPreviousTokenAttention = Double.NEGATIVE_INFINITY;
    private final java.util.List<Double> plantedScores = new java.util.ArrayList<>();
    private final java.util.List<Double> bestOtherScores = new java.util.ArrayList<>();

    /**
     * @param logits         last-position logits
     * @param target         the true color's token id
     * @param headScores     S^(l,h) for the target
     * @param colorImageMap S^(color head)_j for the image positions, in patch order
     * @param avgAttention   average attention over all heads, image positions in patch order
     * @param previousToken  the positional head's attention from T to T-1
     */
    void add(float[] logits, int target, double[][] headScores, double[] colorImageMap, double[] avgAttention,
            Animal asked, double previousToken) {
        n++;
        int arg = 0;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < logits.length; i++) {
            if (logits[i] > max) {
                max = logits[i];
                arg = i;
            }
        }
        double z = 0;
        for (float l : logits) {
            z += Math.exp(l - max);
        }
        minTargetProb = Math.min(minTargetProb, Math.exp(logits[target] - max) / z);
        if (arg == target) {
            correct++;
        }
        int bl = 0;
        int bh = 0;
        for (int l = 0; l < headScores.length; l++) {
            for (int h = 0; h < headScores[l].length; h++) {
                if (headScores[l][h] > headScores[bl][bh]) {
                    bl = l;
                    bh = h;
                }
            }
        }
        if (bl == PlantedHeads.COLOR.layer() && bh == PlantedHeads.COLOR.head()) {
            plantedFirst++;
        }
        double other = Double.NEGATIVE_INFINITY;
        for (int l = 0; l < headScores.length; l++) {
            for (int h = 0; h < headScores[l].length; h++) {
                if (l != PlantedHeads.COLOR.layer() || h != PlantedHeads.COLOR.head()) {
                    other = Math.max(other, headScores[l][h]);
                }
            }
        }
        plantedScores.add(headScores[PlantedHeads.COLOR.layer()][PlantedHeads.COLOR.head()]);
        bestOtherScores.add(other);
        double positive = 0;
        double on = 0;
        for (int k = 0; k < colorImageMap.length; k++) {
            if (colorImageMap[k] > 0) {
                positive += colorImageMap[k];
                if (asked.covers(k)) {
                    on += colorImageMap[k];
                }
            }
        }
        minMassShare = Math.min(minMassShare, positive > 0 ? on / positive : 0);
        int peak = 0;
        for (int k = 1; k < avgAttention.length; k++) {
            if (avgAttention[k] > avgAttention[peak]) {
                peak = k;
            }
        }
        double next = 0;
        for (int k = 0; k < avgAttention.length; k++) {
            if (k != peak) {
                next = Math.max(next, avgAttention[k]);
            }
        }
        if (peak == DemoArchitecture.SINK_PATCH) {
            sinkPeaks++;
            worstSinkRatio = Math.min(worstSinkRatio, avgAttention[peak] / next);
        } else {
            worstSinkRatio = 0;
        }
        minPreviousTokenAttention = Math.min(minPreviousTokenAttention, previousToken);
        maxPreviousTokenAttention = Math.max(maxPreviousTokenAttention, previousToken);
    }

    double accuracy() {
        return correct / (double) n;
    }

    double plantedFirstRate() {
        return plantedFirst / (double) n;
    }

    double sinkPeakRate() {
        return sinkPeaks / (double) n;
    }

    private static double median(java.util.List<Double> v) {
        if (v.isEmpty()) {
            return Double.NaN;
        }
        java.util.List<Double> s = new java.util.ArrayList<>(v);
        java.util.Collections.sort(s);
        int m = s.size() / 2;
        return s.size() % 2 == 1 ? s.get(m) : (s.get(m - 1) + s.get(m)) / 2;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT,
                "n=%d accuracy=%.3f planted-head-first=%.3f min-positive-mass-on-animal=%.7f sink-peak=%.3f "
                        + "worst-sink-peak/next=%.2f min-p(true colour)=%.4f min-previous-token-attention=%.4f "
                        + "median-S(colour head)=%.3f median-S(best other head)=%.3f",
                n, accuracy(), plantedFirstRate(), minMassShare, sinkPeakRate(), worstSinkRatio, minTargetProb,
                minPreviousTokenAttention, median(plantedScores), median(bestOtherScores));
    }
}
