package org.llavalens.runtime.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.llavalens.runtime.trace.ImageAblation.Replacement;
import org.llavalens.runtime.trace.ImageSpan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;

/**
 * The batched, prefix-cached ablation against a plain full-sequence rerun with the same embedding
 * replaced (no cache, batch 1), and its baseline against HF's log-probabilities.
 */
class PatchAblationTest {

    @Test
    void reusesThePrefixCacheWithoutChangingResults() {
        Reference ref = new Reference("b");
        int target = ref.manifest.get("target_token_b").getAsInt();
        try (LlavaRuntime runtime = ref.open(WeightResidency.AUTO)) {
            PreparedInput input = runtime.prepare(ref.inputIds(), ref.pixelValues());
            ImageSpan span = input.imageSpan().orElseThrow();
            int[] patches = {0, 7, span.patchCount() - 1, 3, 11, 12, 13, 14, 15, 20};
            try (PatchAblation ablation = runtime.ablation(input, null)) {
                double baseline = ablation.baselineLogProb(target);
                assertEquals(ref.expected("logprobs_last").doubles()[target], baseline, 1e-4);
                for (Replacement replacement : Replacement.values()) {
                    double[] got = ablation.logProbWithPatchReplaced(target, patches, replacement, null);
                    for (int i = 0; i < patches.length; i++) {
                        double expected = referenceRerun(runtime, input, span.patchPosition(patches[i]), replacement, target);
                        assertEquals(expected, got[i], 1e-4, replacement + " patch " + patches[i]);
                    }
                }
                assertThrows(IndexOutOfBoundsException.class,
                        () -> ablation.logProbWithPatchReplaced(target, new int[] {span.patchCount()}, Replacement.ZEROS, null));
                assertThrows(IllegalArgumentException.class, () -> ablation.baselineLogProb(-1));
            }
        }
    }

    @Test
    void refusesAnInputWithoutImage() {
        Reference ref = new Reference("d");
        try (LlavaRuntime runtime = ref.open(WeightResidency.AUTO)) {
            PreparedInput input = runtime.prepare(ref.inputIds(), null);
            assertThrows(IllegalArgumentException.class, () -> runtime.ablation(input, null));
        }
    }

    /** log p(target) of a full pass over the sequence with position {@code position}'s embedding replaced. */
    private static double referenceRerun(LlavaRuntime runtime, PreparedInput input, int position,
            Replacement replacement, int target) {
        try (NDManager manager = runtime.manager().newSubManager()) {
            NDArray features = runtime.imageFeatures(manager, input.pixelValues().orElseThrow());
            NDArray x = runtime.embed(manager, input, features);
            ImageSpan span = input.imageSpan().orElseThrow();
            NDArray patches = features.get(new NDIndex("{}:", span.firstPatch() - span.start()));
            NDArray value = replacement == Replacement.ZEROS ? manager.zeros(patches.get(0).getShape())
                    : patches.mean(new int[] {0});
            x.set(new NDIndex("0, {}", position), value);
            NDArray last = runtime.decoder().run(x, 0, null, null, null);
            try (NDArray logits = runtime.lastLogitsTensor(last)) {
                return logits.logSoftmax(-1).toFloatArray()[target];
            }
        }
    }
}
