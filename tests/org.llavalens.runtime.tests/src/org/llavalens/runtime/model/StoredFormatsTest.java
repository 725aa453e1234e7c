package org.llavalens.runtime.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.llavalens.runtime.io.DType;
import org.llavalens.runtime.io.SafetensorsWeights;
import org.llavalens.runtime.io.SafetensorsWriter;

/**
 * The same model stored as users download it (F16, BF16, sharded, transformers >= 4.52 names) loads
 * and runs. Half-precision weights change the numbers, so those runs are compared with an F32 copy
 * of the very same rounded values: the upcast path must add nothing of its own.
 */
class StoredFormatsTest {

    @TempDir
    Path temp;

    @ParameterizedTest
    @ValueSource(strings = {"a", "d"})
    void shardedWithNewNamesMatchesHuggingFace(String fixture) throws IOException {
        Reference ref = new Reference(fixture);
        Path folder = rewrite(ref, DType.F32, SafetensorsWeights.open(ref.dir), true, 20_000);
        assertTrue(Files.exists(folder.resolve(SafetensorsWeights.INDEX_FILE)));
        float[] logits = run(ref, folder, WeightResidency.STREAMED);
        ref.assertClose("logits_last (sharded, new names, streamed)", logits, ref.expected("logits_last").doubles(), 0,
                1e-4, 1e-4);
        ref.report();
    }

    @ParameterizedTest
    @ValueSource(strings = {"F16", "BF16"})
    void halfPrecisionWeightsUpcastExactly(String dtype) throws IOException {
        for (String fixture : List.of("a", "d")) {
            Reference ref = new Reference(fixture);
            Path half = rewrite(ref, DType.valueOf(dtype), SafetensorsWeights.open(ref.dir), false, 0);
            Path widened;
            try (SafetensorsWeights halfWeights = SafetensorsWeights.open(half)) {
                assertEquals(DType.valueOf(dtype), halfWeights.storedDType());
                widened = rewrite(ref, DType.F32, halfWeights, false, 0, "widened-" + dtype);
            }
            float[] fromHalf = run(ref, half, WeightResidency.STREAMED);
            float[] fromHalfResident = run(ref, half, WeightResidency.RESIDENT);
            float[] fromF32 = run(ref, widened, WeightResidency.RESIDENT);
            for (int i = 0; i < fromF32.length; i++) {
                assertEquals(fromF32[i], fromHalf[i], 1e-5, fixture + " " + dtype + " logit " + i);
                assertEquals(fromF32[i], fromHalfResident[i], 1e-5, fixture + " " + dtype + " resident logit " + i);
            }
            // Rounding the weights moves the logits a little, not arbitrarily.
            double[] hf = ref.expected("logits_last").doubles();
            double max = 0;
            for (int i = 0; i < hf.length; i++) {
                max = Math.max(max, Math.abs(hf[i] - fromHalf[i]));
            }
            System.out.println("fixture " + fixture + " " + dtype + " weights: max |logits - HF f32| = " + max);
            assertTrue(max < 0.5, fixture + " " + dtype + " logits drifted by " + max);
        }
    }

    private Path rewrite(Reference ref, DType dtype, SafetensorsWeights source, boolean newNames, long shardBytes)
            throws IOException {
        return rewrite(ref, dtype, source, newNames, shardBytes, dtype + (newNames ? "-new" : "") + "-" + shardBytes);
    }

    private Path rewrite(Reference ref, DType dtype, SafetensorsWeights source, boolean newNames, long shardBytes,
            String name) throws IOException {
        Path folder = temp.resolve(ref.name + "-" + name);
        Files.createDirectories(folder);
        Files.copy(ref.dir.resolve("config.json"), folder.resolve("config.json"));
        SafetensorsWriter writer = new SafetensorsWriter(dtype).transformers452Names(newNames);
        if (shardBytes > 0) {
            writer.maxShardBytes(shardBytes);
        }
        try (source) {
            writer.addAll(source).write(folder);
        }
        return folder;
    }

    private static float[] run(Reference ref, Path folder, WeightResidency residency) {
        try (SafetensorsWeights weights = SafetensorsWeights.open(folder);
                LlavaRuntime runtime = new LlavaRuntime(ref.config(), weights, residency, ref.name)) {
            return runtime.logits(runtime.prepare(ref.inputIds(), ref.pixelValues()), null);
        }
    }
}
