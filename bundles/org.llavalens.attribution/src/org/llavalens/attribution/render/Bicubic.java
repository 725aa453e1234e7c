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
            double sy = (y + 0.5) * rows / height - 0.5;
            for (int x = 0; x < width; x++) {
                out[y * width + x] = sample(tmp, x, width, rows, sy);
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
