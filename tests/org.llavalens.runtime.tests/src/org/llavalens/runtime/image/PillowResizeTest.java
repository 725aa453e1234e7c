package org.llavalens.runtime.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PillowResizeTest {

    @Test
    void kernelIsKeysCubicWithAMinusHalf() {
        assertEquals(1.0, PillowResize.bicubicFilter(0), 0);
        assertEquals(0.0, PillowResize.bicubicFilter(1), 0);
        assertEquals(0.0, PillowResize.bicubicFilter(2), 0);
        assertEquals(-0.0625, PillowResize.bicubicFilter(1.5), 1e-15);
        assertEquals(0.5625, PillowResize.bicubicFilter(0.5), 1e-15);
        assertEquals(PillowResize.bicubicFilter(0.7), PillowResize.bicubicFilter(-0.7), 0);
    }

    @Test
    void sameSizeIsIdentity() {
        byte[] px = new byte[5 * 3 * 3];
        new java.util.Random(3).nextBytes(px);
        RgbImage img = new RgbImage(5, 3, px);
        assertArrayEquals(px, PillowResize.bicubic(img, 5, 3).rgb());
    }

    @Test
    void constantImageStaysConstant() {
        byte[] px = new byte[37 * 23 * 3];
        java.util.Arrays.fill(px, (byte) 173);
        RgbImage out = PillowResize.bicubic(new RgbImage(37, 23, px), 11, 50);
        for (byte b : out.rgb()) {
            assertEquals(173, b & 0xff);
        }
    }

    @Test
    void onlyTheChangedDimensionIsFiltered() {
        // 1 row: a vertical resize to the same height must not touch the values of the horizontal result
        byte[] px = new byte[8 * 2 * 3];
        new java.util.Random(5).nextBytes(px);
        RgbImage img = new RgbImage(8, 2, px);
        RgbImage wide = PillowResize.bicubic(img, 13, 2);
        RgbImage tall = PillowResize.bicubic(img, 8, 5);
        assertEquals(13, wide.width());
        assertEquals(5, tall.height());
        // columns are independent under a vertical-only resize
        RgbImage col0 = PillowResize.bicubic(new RgbImage(1, 2, new byte[] {px[0], px[1], px[2], px[24], px[25], px[26]}), 1, 5);
        for (int y = 0; y < 5; y++) {
            for (int c = 0; c < 3; c++) {
                assertEquals(col0.sample(0, y, c), tall.sample(0, y, c));
            }
        }
    }
}
