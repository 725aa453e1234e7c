package org.llavalens.attribution.render;

/**
 * Cubic-convolution upsampling of a small score grid onto the crop (Keys' kernel with parameter a:
 * -0.5 is Pillow's BICUBIC, -0.75 OpenCV's INTER_CUBIC; see {@link Interpolation}), with pixel centres
 * aligned (half-pixel convention) and edges replicated, as both libraries do when enlarging. Overshoot
 * is kept; the caller clamps after mapping to colors.
 */
public final class Bicubic {

    private Bicubic() {
    }

    /** Keys cubic with a = -0.5 (Pillow's BICUBIC); grid is rows x cols row-major, result height x width. */
    public static double[] upsample(double[] grid, int rows, int cols, int width, int height) {
        return upsample(grid, rows, cols, width, height, Interpolation.KEYS_CUBIC);
    }

    /** grid is rows x cols row-major; result is height x width row-major. */
    public static double[] upsample(double[] grid, int rows, int cols, int width, int height, Interpolation kernel) {
        double a = kernel.a();
        double[] tmp = new double[rows * width];
        for (int r = 0; r < rows; r++) {
            for (int x = 0; x < width; x++) {
                tmp[r * width + x] = sample(grid, r * cols, 1, cols, (x + 0.5) * cols / width - 0.5, a);
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
                weights[k + 1] = kernel(k - t, a);
            }
            int row = y * width;
            for (int x = 0; x < width; x++) {
                out[row + x] = tmp[taps[0] + x] * weights[0] + tmp[taps[1] + x] * weights[1]
                        + tmp[taps[2] + x] * weights[2] + tmp[taps[3] + x] * weights[3];
            }
        }
        return out;
    }

    private static double sample(double[] data, int offset, int stride, int n, double pos, double a) {
        int i0 = (int) Math.floor(pos);
        double t = pos - i0;
        double s = 0;
        for (int k = -1; k <= 2; k++) {
            int i = Math.max(0, Math.min(n - 1, i0 + k));
            s += data[offset + i * stride] * kernel(k - t, a);
        }
        return s;
    }

    static double kernel(double x, double a) {
        double ax = Math.abs(x);
        if (ax <= 1) {
            return ((a + 2) * ax - (a + 3)) * ax * ax + 1;
        }
        if (ax < 2) {
            return ((a * ax - 5 * a) * ax + 8 * a) * ax - 4 * a;
        }
        return 0;
    }
}
