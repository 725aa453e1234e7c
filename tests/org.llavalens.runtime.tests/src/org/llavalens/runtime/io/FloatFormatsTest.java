package org.llavalens.runtime.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FloatFormatsTest {

    /** IEEE 754 binary16 decoded from its definition, independent of the JDK's conversion. */
    private static double halfByDefinition(int bits) {
        int sign = (bits >> 15) & 1;
        int exp = (bits >> 10) & 0x1f;
        int frac = bits & 0x3ff;
        double magnitude;
        if (exp == 0) {
            magnitude = frac * Math.pow(2, -24);
        } else if (exp == 31) {
            magnitude = frac == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
        } else {
            magnitude = (1 + frac / 1024.0) * Math.pow(2, exp - 15);
        }
        return sign == 1 ? -magnitude : magnitude;
    }

    @Test
    void everyHalfDecodesExactly() {
        short[] all = new short[65536];
        for (int i = 0; i < all.length; i++) {
            all[i] = (short) i;
        }
        float[] out = new float[all.length];
        FloatFormats.f16ToFloat(all, 0, out, 0, all.length);
        for (int i = 0; i < all.length; i++) {
            double expected = halfByDefinition(i);
            if (Double.isNaN(expected)) {
                assertTrue(Float.isNaN(out[i]), "NaN at " + i);
            } else {
                assertEquals(expected, out[i], 0.0, "half bits " + Integer.toHexString(i));
                assertEquals(Double.doubleToRawLongBits(expected) < 0, Float.floatToRawIntBits(out[i]) < 0);
            }
        }
    }

    @Test
    void everyBf16DecodesAsUpperHalf() {
        short[] all = new short[65536];
        for (int i = 0; i < all.length; i++) {
            all[i] = (short) i;
        }
        float[] out = new float[all.length];
        FloatFormats.bf16ToFloat(all, 0, out, 0, all.length);
        for (int i = 0; i < all.length; i++) {
            assertEquals(i << 16, Float.floatToRawIntBits(out[i]));
        }
    }

    @Test
    void halfEncodingRoundsToNearestEven() {
        // 1 + 2^-11 is halfway between 1 and 1 + 2^-10: ties go to the even mantissa (1.0)
        assertEquals(0x3c00, FloatFormats.floatToF16(1f + 0x1p-11f) & 0xffff);
        // 1 + 3*2^-11 is halfway between 1+2^-10 (odd) and 1+2^-9 (even)
        assertEquals(0x3c02, FloatFormats.floatToF16(1f + 3 * 0x1p-11f) & 0xffff);
        assertEquals(0x7c00, FloatFormats.floatToF16(70000f) & 0xffff);
        assertEquals(0x0001, FloatFormats.floatToF16(0x1p-24f) & 0xffff);
        assertEquals(0x0000, FloatFormats.floatToF16(0x1p-26f) & 0xffff);
        assertTrue(Float.isNaN(FloatFormats.f16ToFloat(FloatFormats.floatToF16(Float.NaN))));
    }

    @Test
    void bf16EncodingRoundsToNearestEven() {
        // 1 + 2^-8 is halfway between 1 and 1 + 2^-7: ties to even (1.0)
        assertEquals(0x3f80, FloatFormats.floatToBf16(1f + 0x1p-8f) & 0xffff);
        // 1 + 3*2^-8 is halfway between 1+2^-7 (odd) and 1+2^-6 (even)
        assertEquals(0x3f82, FloatFormats.floatToBf16(1f + 3 * 0x1p-8f) & 0xffff);
        assertEquals(0x3f81, FloatFormats.floatToBf16(1f + 0x1p-7f + 0x1p-10f) & 0xffff);
        assertEquals(0x7f80, FloatFormats.floatToBf16(Float.POSITIVE_INFINITY) & 0xffff);
        assertEquals(0x7f80, FloatFormats.floatToBf16(Float.MAX_VALUE) & 0xffff);
        assertTrue(Float.isNaN(FloatFormats.bf16ToFloat(FloatFormats.floatToBf16(Float.NaN))));
        assertTrue(Float.isNaN(FloatFormats.bf16ToFloat(FloatFormats.floatToBf16(Float.intBitsToFloat(0x7f800001)))));
    }
}
