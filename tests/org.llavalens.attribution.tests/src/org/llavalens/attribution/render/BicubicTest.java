package org.llavalens.attribution.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The two named kernels against the libraries' own coefficient formulas: OpenCV's
 * {@code interpolateCubic} (imgproc/src/resize.cpp, A = -0.75) and Pillow's {@code bicubic_filter}
 * (libImaging/Resample.c, a = -0.5), each written out here as those sources do.
 */
class BicubicTest {

    /** OpenCV's four weights for fractional offset x, exactly as interpolateCubic computes them. */
    private static double[] opencv(double x) {
        double a = -0.75;
        double[] c = new double[4];
        c[0] = ((a * (x + 1) - 5 * a) * (x + 1) + 8 * a) * (x + 1) - 4 * a;
        c[1] = ((a + 2) * x - (a + 3)) * x * x + 1;
        c[2] = ((a + 2) * (1 - x) - (a + 3)) * (1 - x) * (1 - x) + 1;
        c[3] = 1 - c[0] - c[1] - c[2];
        return c;
    }

    /** Pillow's bicubic_filter(x) with a = -0.5. */
    private static double pillow(double x) {
        double a = -0.5;
        x = Math.abs(x);
        if (x < 1) {
            return ((a + 2) * x - (a + 3)) * x * x + 1;
        }
        if (x < 2) {
            return (((x - 5) * x + 8) * x - 4) * a;
        }
        return 0;
    }

    @Test
    void theOpenCvKernelHasItsCoefficients() {
        for (double x : new double[] { 0, 0.25, 0.5, 0.75 }) {
            double[] c = opencv(x);
            for (int k = 0; k < 4; k++) {
                assertEquals(c[k], Bicubic.kernel(k - 1 - x, Interpolation.OPENCV_CUBIC.a()), 1e-12, "x=" + x + " k=" + k);
                assertEquals(pillow(k - 1 - x), Bicubic.kernel(k - 1 - x, Interpolation.KEYS_CUBIC.a()), 1e-12);
            }
        }
    }

    @Test
    void enlargingARowMatchesOpenCvsResizeWithReplicatedEdges() {
        // one row 0, 1, 4, 9 enlarged to 8 pixels: output x maps to source (x + 0.5) / 2 - 0.5
        double[] grid = { 0, 1, 4, 9 };
        double[] up = Bicubic.upsample(grid, 1, 4, 8, 1, Interpolation.OPENCV_CUBIC);
        for (int x = 0; x < 8; x++) {
            double sx = (x + 0.5) / 2 - 0.5;
            int i0 = (int) Math.floor(sx);
            double[] c = opencv(sx - i0);
            double expected = 0;
            for (int k = 0; k < 4; k++) {
                expected += c[k] * grid[Math.max(0, Math.min(3, i0 - 1 + k))];
            }
            assertEquals(expected, up[x], 1e-12, "x=" + x);
        }
    }

    @Test
    void theStyleRecordsItsKernel() {
        HeatmapStyle s = HeatmapStyle.DEFAULT.withInterpolation(Interpolation.OPENCV_CUBIC);
        Map<String, String> settings = s.toSettings();
        assertEquals("opencv-cubic", settings.get("interpolation"));
        assertEquals(s, HeatmapStyle.fromSettings(settings));
        assertEquals(Interpolation.KEYS_CUBIC, HeatmapStyle.fromSettings(Map.of()).interpolation());
    }
}
