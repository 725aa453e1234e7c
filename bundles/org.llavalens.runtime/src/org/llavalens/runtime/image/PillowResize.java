package org.llavalens.runtime.image;

/**
 * Pillow's bicubic resize of 8-bit images, reproduced bit for bit (a port of the algorithm in Pillow's
 * {@code src/libImaging/Resample.c}, 8 bits per channel): separable passes, horizontal first; the kernel
 * (a = -0.5) is widened by the scale factor when shrinking; per output pixel the coefficients are normalised
 * to sum 1, then turned into fixed point with {@value #PRECISION_BITS} fractional bits; each pass rounds and
 * clips to 0..255; a pass whose dimension does not change is skipped.
 */
public final class PillowResize {

    /** 8 bits of result plus 2 bits of headroom for the kernel's negative lobes, out of 32. */
    static final int PRECISION_BITS = 32 - 8 - 2;
    private static final double SUPPORT = 2.0;

    private PillowResize() {
    }

    /** Fixed-point coefficients of one pass: output i reads {@code count[i]} inputs from {@code first[i]}. */
    private record Coefficients(int ksize, int[] first, int[] count, int[] k) {
    }

    public static RgbImage bicubic(RgbImage in, int outWidth, int outHeight) {
        if (outWidth <= 0 || outHeight <= 0) {
            throw new IllegalArgumentException("target size " + outWidth + "x" + outHeight);
        }
        byte[] data = in.rgb();
        int w = in.width();
        int h = in.height();
        if (outWidth != w) {
            data = horizontal(data, w, h, outWidth, coefficients(w, outWidth));
            w = outWidth;
        }
        if (outHeight != h) {
            data = vertical(data, w, h, outHeight, coefficients(h, outHeight));
            h = outHeight;
        }
        return new RgbImage(w, h, data == in.rgb() ? data.clone() : data);
    }

    static double bicubicFilter(double x) {
        double a = -0.5;
        if (x < 0.0) {
            x = -x;
        }
        if (x < 1.0) {
            return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
        }
        if (x < 2.0) {
            return (((x - 5) * x + 8) * x - 4) * a;
        }
        return 0.0;
    }

    private static Coefficients coefficients(int inSize, int outSize) {
        double scale = (double) inSize / outSize;
        double filterscale = Math.max(scale, 1.0);
        double support = SUPPORT * filterscale;
        int ksize = (int) Math.ceil(support) * 2 + 1;
        int[] first = new int[outSize];
        int[] count = new int[outSize];
        int[] k = new int[outSize * ksize];
        double[] w = new double[ksize];
        for (int xx = 0; xx < outSize; xx++) {
            double center = (xx + 0.5) * scale;
            double ss = 1.0 / filterscale;
            int xmin = Math.max(0, (int) (center - support + 0.5));
            int xmax = Math.min(inSize, (int) (center + support + 0.5)) - xmin;
            double ww = 0.0;
            for (int x = 0; x < xmax; x++) {
                w[x] = bicubicFilter((x + xmin - center + 0.5) * ss);
                ww += w[x];
            }
            for (int x = 0; x < xmax; x++) {
                double v = ww != 0.0 ? w[x] / ww : w[x];
                k[xx * ksize + x] = v < 0 ? (int) (-0.5 + v * (1 << PRECISION_BITS))
                        : (int) (0.5 + v * (1 << PRECISION_BITS));
            }
            first[xx] = xmin;
            count[xx] = Math.max(0, xmax);
        }
        return new Coefficients(ksize, first, count, k);
    }

    private static int clip8(int acc) {
        int v = acc >> PRECISION_BITS;
        return v < 0 ? 0 : v > 255 ? 255 : v;
    }

    private static byte[] horizontal(byte[] in, int w, int h, int outW, Coefficients c) {
        byte[] out = new byte[outW * h * 3];
        int half = 1 << (PRECISION_BITS - 1);
        for (int y = 0; y < h; y++) {
            int row = y * w * 3;
            for (int xx = 0; xx < outW; xx++) {
                int s0 = half;
                int s1 = half;
                int s2 = half;
                int base = xx * c.ksize();
                int p = row + c.first()[xx] * 3;
                for (int x = 0, n = c.count()[xx]; x < n; x++, p += 3) {
                    int kx = c.k()[base + x];
                    s0 += (in[p] & 0xff) * kx;
                    s1 += (in[p + 1] & 0xff) * kx;
                    s2 += (in[p + 2] & 0xff) * kx;
                }
                int o = (y * outW + xx) * 3;
                out[o] = (byte) clip8(s0);
                out[o + 1] = (byte) clip8(s1);
                out[o + 2] = (byte) clip8(s2);
            }
        }
        return out;
    }

    private static byte[] vertical(byte[] in, int w, int h, int outH, Coefficients c) {
        byte[] out = new byte[w * outH * 3];
        int half = 1 << (PRECISION_BITS - 1);
        int stride = w * 3;
        for (int yy = 0; yy < outH; yy++) {
            int base = yy * c.ksize();
            int ymin = c.first()[yy];
            int n = c.count()[yy];
            for (int xx = 0; xx < w; xx++) {
                int s0 = half;
                int s1 = half;
                int s2 = half;
                int p = ymin * stride + xx * 3;
                for (int y = 0; y < n; y++, p += stride) {
                    int ky = c.k()[base + y];
                    s0 += (in[p] & 0xff) * ky;
                    s1 += (in[p + 1] & 0xff) * ky;
                    s2 += (in[p + 2] & 0xff) * ky;
                }
                int o = (yy * w + xx) * 3;
                out[o] = (byte) clip8(s0);
                out[o + 1] = (byte) clip8(s1);
                out[o + 2] = (byte) clip8(s2);
            }
        }
        return out;
    }
}
