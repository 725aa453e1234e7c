package org.llavalens.runtime.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The loader's bulk conversion ({@link FloatFormats#halvesToFloats}) against the scalar reference
 * conversions, bit for bit over every 16-bit pattern, for heap and direct destinations and at an
 * offset that puts block boundaries mid-buffer.
 */
class HalfBufferConversionTest {

    /** Every 16-bit pattern, three times (so blocks of 16 Ki split the data unevenly), little-endian. */
    private static ByteBuffer allPatterns(int leading) {
        ByteBuffer b = ByteBuffer.allocateDirect(2 * (leading + 3 * 65536)).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < leading; i++) {
            b.putShort((short) 0x7e00);
        }
        for (int r = 0; r < 3; r++) {
            for (int i = 0; i < 65536; i++) {
                b.putShort((short) (i * (r == 1 ? 40503 : 1)));
            }
        }
        b.flip();
        b.position(2 * leading);
        return b;
    }

    @ParameterizedTest
    @CsvSource({"false, false, 0", "false, true, 0", "true, false, 0", "true, true, 0", "false, true, 7",
            "true, false, 5"})
    void bulkEqualsScalarBitForBit(boolean bf16, boolean directDest, int offset) {
        ByteBuffer src = allPatterns(offset);
        int n = src.remaining() / 2;
        FloatBuffer dest = directDest
                ? ByteBuffer.allocateDirect(4 * (n + 3)).order(ByteOrder.nativeOrder()).asFloatBuffer()
                : FloatBuffer.allocate(n + 3);
        dest.position(3);
        ByteBuffer reference = src.duplicate().order(ByteOrder.LITTLE_ENDIAN);

        FloatFormats.halvesToFloats(bf16, src, dest);

        assertEquals(n + 3, dest.position());
        assertEquals(0, src.remaining());
        for (int i = 0; i < n; i++) {
            short bits = reference.getShort(reference.position() + 2 * i);
            float expected = bf16 ? FloatFormats.bf16ToFloat(bits) : FloatFormats.f16ToFloat(bits);
            int got = Float.floatToRawIntBits(dest.get(3 + i));
            if (Float.floatToRawIntBits(expected) != got) {
                assertEquals(Integer.toHexString(Float.floatToRawIntBits(expected)), Integer.toHexString(got),
                        "16-bit pattern " + Integer.toHexString(bits & 0xffff) + " at element " + i);
            }
        }
    }
}
