package org.llavalens.analysis.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.llavalens.attribution.FrozenNormUnembedding;
import org.llavalens.runtime.trace.RowMatrix;

/**
 * Eq. 7's logit difference equals the difference of the two log-probabilities computed on their own
 * (log-softmax in double through {@link FrozenNormUnembedding#logProbs}); the MRR is the mean of 1/rank
 * for ranks built into the scores by construction.
 */
class ReadoutTest {

    /** A dense [rows x cols] matrix: just enough of lm_head for a frozen-norm unembedding. */
    private record Dense(float[][] w) implements RowMatrix {
        @Override
        public int rows() {
            return w.length;
        }

        @Override
        public int cols() {
            return w[0].length;
        }

        @Override
        public float[] row(int r) {
            return w[r].clone();
        }

        @Override
        public float[][] multiply(float[][] vectors) {
            float[][] out = new float[vectors.length][w.length];
            for (int i = 0; i < vectors.length; i++) {
                for (int r = 0; r < w.length; r++) {
                    double s = 0;
                    for (int c = 0; c < w[r].length; c++) {
                        s += w[r][c] * vectors[i][c];
                    }
                    out[i][r] = (float) s;
                }
            }
            return out;
        }
    }

    @Test
    void logitDifferenceIsTheDifferenceOfTwoLogProbabilities() {
        SplittableRandom r = new SplittableRandom(7);
        int vocab = 50;
        int width = 12;
        float[][] head = new float[vocab][width];
        float[] norm = new float[width];
        float[] residual = new float[width];
        for (int c = 0; c < width; c++) {
            norm[c] = (float) (0.5 + r.nextDouble());
            residual[c] = (float) r.nextGaussian();
            for (int v = 0; v < vocab; v++) {
                head[v][c] = (float) r.nextGaussian();
            }
        }
        FrozenNormUnembedding u = new FrozenNormUnembedding(new Dense(head), norm, residual, 1e-5);
        float[][] vectors = new float[5][width];
        for (float[] v : vectors) {
            for (int c = 0; c < width; c++) {
                v[c] = (float) (3 * r.nextGaussian());
            }
        }
        int b1 = 17;
        int b2 = 4;
        double[] lp1 = u.logProbs(vectors, b1);
        double[] lp2 = u.logProbs(vectors, b2);
        double expected = 0;
        for (int i = 0; i < vectors.length; i++) {
            expected += (lp1[i] - lp2[i]) / vectors.length;
        }
        assertEquals(expected, Readout.of(u, vectors).meanLogitDifference(b1, b2), 1e-4);
    }

    @Test
    void mrrIsTheMeanOfOneOverTheConstructedRanks() {
        // token 3 ranked 1st, 4th and 2nd (ties broken towards the lower id, so token 3 beats token 5 at 0.5)
        double[][] scores = {
                { 0.1, 0.2, 0.3, 0.9, 0.0, 0.4 },
                { 0.9, 0.8, 0.7, 0.5, 0.1, 0.0 },
                { 0.0, 0.0, 0.6, 0.5, 0.0, 0.5 } };
        assertEquals((1 + 1 / 4.0 + 1 / 2.0) / 3, Readout.ofScores(scores).mrr(3), 1e-12);
    }
}
