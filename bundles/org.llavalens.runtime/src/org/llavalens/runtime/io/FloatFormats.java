package org.llavalens.runtime.io;

/**
 * Conversions between float32 and the 16-bit formats stored in safetensors files. Done in Java because
 * DJL's PyTorch engine aborts the JVM on BF16 arrays. The bulk loops are plain array loops so the JIT can
 * unroll them; {@link Float#float16ToFloat} is an intrinsic on x86.
 */
public final class FloatFormats {

    private FloatFormats() {
    }

    /** IEEE binary16 to float32, exact (subnormals, infinities and NaNs included). */
    public static float f16ToFloat(short bits) {
        return Float.float16ToFloat(bits);
    }

    /** float32 to IEEE binary16, rounding to nearest even; overflow gives infinity, NaN stays NaN. */
    public static short floatToF16(float value) {
        return Float.floatToFloat16(value);
    }

    /** bfloat16 (the upper half of a float32) to float32: exact. */
    public static float bf16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xffff) << 16);
    }

    /** float32 to bfloat16, rounding to nearest even as PyTorch does; NaN stays a quiet NaN. */
    public static short floatToBf16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if (Float.isNaN(value)) {
            return (short) ((bits >>> 16) | 0x0040);
        }
        int rounding = 0x7fff + ((bits >>> 16) & 1);
        return (short) ((bits + rounding) >>> 16);
    }

    public static void f16ToFloat(short[] src, int srcOff, float[] dst, int dstOff, int n) {
        for (int i = 0; i < n; i++) {
            dst[dstOff + i] = Float.float16ToFloat(src[srcOff + i]);
        }
    }

    public static void bf16ToFloat(short[] src, int srcOff, float[] dst, int dstOff, int n) {
        for (int i = 0; i < n; i++) {
            dst[dstOff + i] = Float.intBitsToFloat(src[srcOff + i] << 16);
        }
    }

    public static void floatToF16(float[] src, int srcOff, short[] dst, int dstOff, int n) {
        for (int i = 0; i < n; i++) {
            dst[dstOff + i] = Float.floatToFloat16(src[srcOff + i]);
        }
    }

    public static void floatToBf16(float[] src, int srcOff, short[] dst, int dstOff, int n) {
        for (int i = 0; i < n; i++) {
            dst[dstOff + i] = floatToBf16(src[srcOff + i]);
        }
    }
}
