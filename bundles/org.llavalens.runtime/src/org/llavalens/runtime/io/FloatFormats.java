package org.llavalens.runtime.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;

/**
 * Conversions between float32 and the 16-bit formats stored in safetensors files. Done in Java because
 * DJL's PyTorch engine aborts the JVM on BF16 arrays. The bulk loops are plain array loops so the JIT can
 * unroll and vectorise them; {@link Float#float16ToFloat} is an intrinsic on x86 (F16C), which C2 vectorises
 * in such loops. The buffer form below is what the weight loader runs: bulk copies in and out of
 * blocks small enough to stay in the L1/L2 cache, so loading stays at memory speed.
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

    /** Elements per block of the buffer conversion: 16 Ki halves in, 64 KiB of floats out. */
    private static final int BLOCK = 1 << 14;

    private record Scratch(short[] halves, float[] floats) {
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal
            .withInitial(() -> new Scratch(new short[BLOCK], new float[BLOCK]));

    /**
     * Converts every 16-bit value remaining in {@code src} (little-endian; F16 or BF16) to float32 into
     * {@code dest} from its position on; both positions advance. Equal bit for bit to the scalar
     * conversions above (tested over all 65536 values).
     */
    public static void halvesToFloats(boolean bf16, ByteBuffer src, FloatBuffer dest) {
        ShortBuffer in = src.slice().order(ByteOrder.LITTLE_ENDIAN).asShortBuffer();
        int n = in.remaining();
        if (dest.remaining() < n) {
            throw new IllegalArgumentException("destination has room for " + dest.remaining() + " floats, source has "
                    + n + " halves");
        }
        Scratch scratch = SCRATCH.get();
        short[] halves = scratch.halves();
        float[] floats = scratch.floats();
        while (in.hasRemaining()) {
            int k = Math.min(BLOCK, in.remaining());
            in.get(halves, 0, k);
            if (dest.hasArray()) {
                // Heap destination: convert straight into it, no second copy.
                int off = dest.arrayOffset() + dest.position();
                if (bf16) {
                    bf16ToFloat(halves, 0, dest.array(), off, k);
                } else {
                    f16ToFloat(halves, 0, dest.array(), off, k);
                }
                dest.position(dest.position() + k);
            } else {
                if (bf16) {
                    bf16ToFloat(halves, 0, floats, 0, k);
                } else {
                    f16ToFloat(halves, 0, floats, 0, k);
                }
                dest.put(floats, 0, k);
            }
        }
        src.position(src.position() + 2 * n);
    }
}
