package org.llavalens.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Element-wise comparisons that report the worst index and the max difference seen. */
public final class Asserts {

    private Asserts() {
    }

    /** Asserts |a - e| <= tol everywhere; returns the max difference (for reports). */
    public static double assertClose(double[] expected, double[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double max = 0;
        int worst = -1;
        for (int i = 0; i < expected.length; i++) {
            double diff = Math.abs(expected[i] - actual[i]);
            if (!(diff <= max)) {
                max = diff;
                worst = i;
            }
        }
        if (!(max <= tol)) {
            throw new AssertionError(what + ": max |diff| " + max + " > " + tol + " at index " + worst + " (expected "
                    + expected[worst] + ", got " + actual[worst] + ")");
        }
        return max;
    }

    /** {@link #assertClose} and print the max difference, for the figures quoted in reports. */
    public static double assertCloseReport(double[] expected, double[] actual, double tol, String what) {
        double max = assertClose(expected, actual, tol, what);
        System.out.printf("%s: max |diff| %.3g%n", what, max);
        return max;
    }

    public static double[] toDouble(float[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }

    public static double[] flatten(double[][] m) {
        int n = 0;
        for (double[] r : m) {
            n += r.length;
        }
        double[] out = new double[n];
        int o = 0;
        for (double[] r : m) {
            System.arraycopy(r, 0, out, o, r.length);
            o += r.length;
        }
        return out;
    }
}
