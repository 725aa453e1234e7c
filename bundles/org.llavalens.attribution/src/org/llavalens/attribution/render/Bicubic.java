package org.llavalens.attribution.render;

/**
 * Bicubic upsampling of a small score grid onto the crop (Keys kernel, a = -0.5, as PIL and
 * OpenCV use), with pixel centres aligned (half-pixel convention) and edges clamped. Overshoot is
 * kept; the caller clamps after mapping to colours.
 */
public final class Bicubic {

    private static final double A = -0.5;

    private Bicubic() {
    }

    /** grid is rows x cols row-major; result is height x width row-major. */
    public static double[] upsample(double[] grid, int rows, int cols, int width, int height) {
        double[] tmp = new double[rows * width];
        for (int r = 0; r < rows; r++) {
            for (int x = 0; x < width; x++) {
                tmp[r * width + x] = sample(grid, r * cols, 1, cols, (x + 0.5) * cols / width - 0.5);
            }
        }
        double[] out = new double[height * width];
        for (int y = 0; y < height; y++) {
            // The four taps and weights depend on the row only: compute them once per row.
            double sy = (y + 0.5) * rows / height - 0.5;
            int i0 = (int) Math.floor(sy);
            double t = sy - i0;
            int[] taps = new int[4];
            double[] weights = new double[4];
            for (int k = -1; k <= 2; k++) {
                taps[k + 1] = Math.max(0, Math.min(rows - 1, i0 + k)) * width;
                weights[k + 1] = kernel(k - t);
            }
            int row = y * width;
            for (int x = 0; x < width; x++) {
                out[row + x] = tmp[taps[0] + x] * weights[0] + tmp[taps[1] + x] * weights[1]
                        + tmp[taps[2] + x] * weights[2] + tmp[taps[3] + x] * weights[3];
            }
        }
        return out;
    }

    private static double sample(double[] data, int offset, int stride, int n, double pos) {
        int i0 = (int) Math.floor(pos);
        double t = pos - i0;
        double s = 0;
        for (int k = -1; k <= 2; k++) {
            int i = Math.max(0, Math.min(n - 1, i0 + k));
            s += data[offset + i * stride] * kernel(k - t);
        }
        return s;
    }

    static double kernel(double x) {
        double ax = Math.abs(x);
        if (ax <= 1) {
            return ((A + 2) * ax - (A + 3)) * ax * ax + 1;
        }
        if (ax < 2) {
            return ((A * ax - 5 * A) * ax + 8 * A) * ax - 4 * A;
        }
        return 0;
    }
}
