package org.llavalens.demo;

import org.llavalens.runtime.io.DType;
import org.llavalens.demo.weights.DemoWeights;

/**
 * What to generate.
 *
 * @param scenes    number of scenes
 * @param sceneSeed seed of the scene sequence (the weights are fixed by the generator version)
 * @param dtype     stored weight type: F32, F16 or BF16
 * @param noise     level of the non-planted heads and MLPs
 */
public record DemoOptions(int scenes, long sceneSeed, DType dtype, double noise) {

    public static final int DEFAULT_SCENES = 48;
    public static final long DEFAULT_SEED = 1;

    public DemoOptions {
        if (scenes < 0) {
            throw new IllegalArgumentException("number of scenes must not be negative: " + scenes);
        }
        if (dtype != DType.F32 && dtype != DType.F16 && dtype != DType.BF16) {
            throw new IllegalArgumentException("weights can be stored as F32, F16 or BF16, not " + dtype);
        }
    }

    public static DemoOptions defaults() {
        return new DemoOptions(DEFAULT_SCENES, DEFAULT_SEED, DType.F32, DemoWeights.DEFAULT_NOISE);
    }

    public DemoOptions withScenes(int n) {
        return new DemoOptions(n, sceneSeed, dtype, noise);
    }

    public DemoOptions withSeed(long seed) {
        return new DemoOptions(scenes, seed, dtype, noise);
    }

    public DemoOptions withDType(DType d) {
        return new DemoOptions(scenes, sceneSeed, d, noise);
    }

    /** Parses f32 / f16 / bf16 (any case). */
    public static DType parseDType(String text) {
        return switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "f32", "float32" -> DType.F32;
            case "f16", "float16" -> DType.F16;
            case "bf16", "bfloat16" -> DType.BF16;
            default -> throw new IllegalArgumentException("unknown dtype '" + text + "' (use f32, f16 or bf16)");
        };
    }
}
