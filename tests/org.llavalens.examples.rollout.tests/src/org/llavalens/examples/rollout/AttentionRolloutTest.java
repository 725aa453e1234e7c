package org.llavalens.examples.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class AttentionRolloutTest {

    /** Random causal, row-stochastic attention [T][T]. */
    private static float[][] causalAttention(Random random, int t) {
        float[][] a = new float[t][t];
        for (int i = 0; i < t; i++) {
            double sum = 0;
            double[] w = new double[i + 1];
            for (int j = 0; j <= i; j++) {
                w[j] = Math.exp(2 * random.nextGaussian());
                sum += w[j];
            }
            for (int j = 0; j <= i; j++) {
                a[i][j] = (float) (w[j] / sum);
            }
        }
        return a;
    }

    /** The definition: the full product M^(L-1) ... M^0 with M = (1 - r) A + r I, read at row T. */
    private static double[] bruteForce(float[][][] attention, double r) {
        int t = attention[0].length;
        double[][] product = identity(t);
        for (float[][] a : attention) {
            double[][] m = new double[t][t];
            for (int i = 0; i < t; i++) {
                double rowSum = 0;
                for (int j = 0; j < t; j++) {
                    rowSum += a[i][j];
                }
                for (int j = 0; j < t; j++) {
                    m[i][j] = (1 - r) * a[i][j] / rowSum + (i == j ? r : 0);
                }
            }
            product = multiply(m, product);
        }
        return product[t - 1];
    }

    private static double[][] identity(int t) {
        double[][] id = new double[t][t];
        for (int i = 0; i < t; i++) {
            id[i][i] = 1;
        }
        return id;
    }

    private static double[][] multiply(double[][] x, double[][] y) {
        int t = x.length;
        double[][] z = new double[t][t];
        for (int i = 0; i < t; i++) {
            for (int k = 0; k < t; k++) {
                for (int j = 0; j < t; j++) {
                    z[i][j] += x[i][k] * y[k][j];
                }
            }
        }
        return z;
    }

    @Test
    void vectorPropagationEqualsTheMatrixProduct() {
        Random random = new Random(7);
        float[][][] attention = new float[5][][];
        for (int l = 0; l < attention.length; l++) {
            attention[l] = causalAttention(random, 23);
        }
        for (double r : new double[] { 0.0, 0.5, 0.9 }) {
            double[] fast = AttentionRollout.lastRow(attention, r, 0);
            double[] slow = bruteForce(attention, r);
            for (int j = 0; j < fast.length; j++) {
                assertEquals(slow[j], fast[j], 1e-12, "position " + j + " at r=" + r);
            }
        }
    }

    @Test
    void relevanceIsADistribution() {
        Random random = new Random(11);
        float[][][] attention = { causalAttention(random, 17), causalAttention(random, 17), causalAttention(random, 17) };
        double[] row = AttentionRollout.lastRow(attention, 0.5, 0);
        double sum = 0;
        for (double v : row) {
            assertTrue(v >= 0);
            sum += v;
        }
        assertEquals(1.0, sum, 1e-12);
    }

    @Test
    void oneLayerWithoutResidualIsThatLayersLastAttentionRow() {
        float[][] a = causalAttention(new Random(3), 9);
        double[] row = AttentionRollout.lastRow(new float[][][] { a }, 0.0, 0);
        for (int j = 0; j < 9; j++) {
            assertEquals(a[8][j], row[j], 1e-6);
        }
    }

    @Test
    void layersBelowTheStartLayerCountAsIdentity() {
        Random random = new Random(5);
        float[][] low = causalAttention(random, 8);
        float[][] high = causalAttention(random, 8);
        double[] skipped = AttentionRollout.lastRow(new float[][][] { low, high }, 0.5, 1);
        double[] onlyHigh = AttentionRollout.lastRow(new float[][][] { high }, 0.5, 0);
        for (int j = 0; j < 8; j++) {
            assertEquals(onlyHigh[j], skipped[j], 1e-15);
        }
    }

    @Test
    void residualWeightOutsideItsRangeIsRefused() {
        float[][][] attention = { causalAttention(new Random(1), 4) };
        assertThrows(IllegalArgumentException.class, () -> AttentionRollout.lastRow(attention, 1.0, 0));
        assertThrows(IllegalArgumentException.class, () -> AttentionRollout.lastRow(attention, -0.1, 0));
    }
}
