package org.llavalens.runtime.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.llavalens.djl.Djl;
import org.llavalens.runtime.compute.ComputeSettings;
import org.llavalens.runtime.io.DType;
import org.llavalens.runtime.io.SafetensorsWeights;
import org.llavalens.runtime.io.SafetensorsWriter;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Every way the loader turns stored weights into fp32 tensors (the engine's copy of F16 and F32 bytes,
 * Java's BF16 conversion, kept and streamed) gives, bit for bit, what {@link SafetensorsWeights#readFloats}
 * gives: checked over every 16-bit pattern of F16 and BF16 (subnormals, infinities, NaNs included).
 */
class WeightLoaderTest {

    private static final long[] SHAPE = {256, 256};

    @TempDir
    Path temp;

    /** Every 16-bit pattern once, rotated by {@code shift} so two tensors of one shape differ everywhere. */
    private static float[] allHalves(DType dtype, int shift) {
        float[] values = new float[1 << 16];
        for (int i = 0; i < values.length; i++) {
            short bits = (short) (i + shift);
            values[i] = dtype == DType.BF16 ? Float.intBitsToFloat((bits & 0xffff) << 16) : Float.float16ToFloat(bits);
        }
        return values;
    }

    private Path write() {
        SafetensorsWriter writer = new SafetensorsWriter(DType.F16);
        for (DType dtype : new DType[] {DType.F16, DType.BF16}) {
            for (int t = 0; t < 2; t++) {
                float[] values = allHalves(dtype, 1 + 12_345 * t);
                writer.add(dtype + "." + t, dtype, SHAPE, dest -> dest.put(values));
            }
        }
        for (int t = 0; t < 2; t++) {
            float[] values = allHalves(DType.F16, 7 * t);
            for (int i = 0; i < values.length; i += 3) {
                values[i] = (float) Math.scalb(values[i], 20) + 1e-3f * i; // beyond F16's range and precision
            }
            writer.add("F32." + t, DType.F32, SHAPE, dest -> dest.put(values));
        }
        Path folder = temp.resolve("weights");
        writer.write(folder);
        return folder;
    }

    @ParameterizedTest
    @EnumSource(value = WeightPlan.Placement.class, names = {"FP32_STREAMED", "FP32_RESIDENT"})
    void everyPathGivesTheJavaConversionBitForBit(WeightPlan.Placement placement) {
        Path folder = write();
        try (SafetensorsWeights weights = SafetensorsWeights.open(folder); NDManager manager = Djl.newManager()) {
            WeightPlan plan = new WeightPlan(placement, ComputeSettings.CPU_FP32, 0, 0, 0);
            try (WeightLoader loader = new WeightLoader(weights, manager, plan)) {
                for (String dtype : new String[] {"F16", "BF16", "F32"}) {
                    // Both tensors of a dtype share one role: a streamed slot is overwritten, not mixed.
                    for (int t = 0; t < 2; t++) {
                        String name = dtype + "." + t;
                        NDArray got = loader.get(name, dtype);
                        assertBitEqual(name + " (" + placement + ")", weights.floats(name), got.toFloatArray());
                        try (NDArray owned = loader.owned(name)) {
                            assertBitEqual(name + " (owned)", weights.floats(name), owned.toFloatArray());
                        }
                    }
                    if (placement == WeightPlan.Placement.FP32_STREAMED) {
                        assertSame(loader.get(dtype + ".0", dtype), loader.get(dtype + ".1", dtype),
                                "one slot per role and shape");
                    }
                }
            }
        }
    }

    private static void assertBitEqual(String what, float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            boolean same = Float.isNaN(expected[i]) ? Float.isNaN(actual[i])
                    : Float.floatToRawIntBits(expected[i]) == Float.floatToRawIntBits(actual[i]);
            if (!same) {
                fail(what + ": element " + i + " is " + actual[i] + " (bits " + Integer.toHexString(Float
                        .floatToRawIntBits(actual[i])) + "), the Java conversion gives " + expected[i]);
            }
        }
    }
}
