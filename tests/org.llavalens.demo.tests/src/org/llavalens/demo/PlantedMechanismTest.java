package org.llavalens.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.llavalens.demo.scene.Scene;
import org.llavalens.demo.scene.SceneGenerator;
import org.llavalens.demo.weights.DemoWeights;
import org.llavalens.demo.weights.TensorSet;

/**
 * The construction itself, checked with an independent float64 forward pass (method.md §1-2) on the
 * generated float32 weights: the planted mechanism answers, is found by the method, and breaks where it
 * should (wrong vision layer, wrong RoPE). The product's runtime and attribution engine are checked
 * on the same figures by the acceptance tests.
 */
class PlantedMechanismTest {

    private static TensorSet llava;
    private static List<Scene> scenes;

    @BeforeAll
    static void generate() {
        llava = DemoGenerator.llavaWeights(DemoWeights.DEFAULT_NOISE);
        scenes = new SceneGenerator(11).scenes(24);
    }

    @Test
    void plantedMechanismMeetsTheAcceptanceFigures() {
        Figures f = ReferenceRun.llava(llava, scenes, -2, ReferenceForward.Rope.HF);
        System.out.println("reference forward, vision_feature_layer -2: " + f);
        assertEquals(24, f.n);
        assertTrue(f.accuracy() >= 0.95, f.toString());
        assertEquals(1.0, f.plantedFirstRate(), f.toString());
        assertTrue(f.minMassShare >= 0.9, f.toString());
        assertEquals(1.0, f.sinkPeakRate(), f.toString());
        assertTrue(f.worstSinkRatio >= 1.5, f.toString());
        assertTrue(f.minPreviousTokenAttention >= 0.9, f.toString());
    }

    @Test
    void aPrefixWithoutTheAnimalStillAnswers() {
        // The mover then reads the animal from the question alone.
        Figures f = ReferenceRun.llava(llava, scenes.subList(0, 6), -2, ReferenceForward.Rope.HF, "The color is");
        System.out.println("reference forward, prefix 'The color is': " + f);
        assertEquals(1.0, f.accuracy(), f.toString());
        assertEquals(1.0, f.plantedFirstRate(), f.toString());
        assertTrue(f.minMassShare >= 0.9, f.toString());
    }

    @Test
    void halfPrecisionWeightsKeepTheMechanism() {
        for (String dtype : new String[] { "bf16", "f16" }) {
            TensorSet rounded = new TensorSet();
            llava.copyTo((name, shape, data) -> {
                float[] r = new float[data.length];
                for (int i = 0; i < r.length; i++) {
                    r[i] = dtype.equals("f16") ? Float.float16ToFloat(Float.floatToFloat16(data[i])) : bf16(data[i]);
                }
                rounded.put(name, shape, r);
            });
            Figures f = ReferenceRun.llava(rounded, scenes.subList(0, 6), -2, ReferenceForward.Rope.HF);
            System.out.println("reference forward, weights rounded to " + dtype + ": " + f);
            assertTrue(f.accuracy() >= 0.95, dtype + ": " + f);
            assertEquals(1.0, f.plantedFirstRate(), dtype + ": " + f);
            assertEquals(1.0, f.sinkPeakRate(), dtype + ": " + f);
            assertTrue(f.minPreviousTokenAttention >= 0.9, dtype + ": " + f);
        }
    }

    /** Round to nearest even bfloat16, as the safetensors writer stores BF16. */
    private static float bf16(float v) {
        int bits = Float.floatToRawIntBits(v);
        bits += 0x7FFF + ((bits >>> 16) & 1);
        return Float.intBitsToFloat(bits & 0xFFFF0000);
    }

    @Test
    void readingTheLastVisionLayerFailsLoudly() {
        Figures f = ReferenceRun.llava(llava, scenes.subList(0, 12), -1, ReferenceForward.Rope.HF);
        System.out.println("reference forward, vision_feature_layer -1: " + f);
        assertTrue(f.accuracy() <= 0.6, f.toString());
        assertTrue(f.plantedFirstRate() <= 0.5, f.toString());
    }

    @Test
    void wrongRopeLosesThePositionalHead() {
        for (ReferenceForward.Rope broken : new ReferenceForward.Rope[] { ReferenceForward.Rope.NONE,
                ReferenceForward.Rope.INTERLEAVED }) {
            Figures f = ReferenceRun.llava(llava, scenes.subList(0, 3), -2, broken);
            System.out.println("reference forward, RoPE " + broken + ": " + f);
            assertTrue(f.maxPreviousTokenAttention < 0.1, broken + ": " + f);
        }
    }
}
