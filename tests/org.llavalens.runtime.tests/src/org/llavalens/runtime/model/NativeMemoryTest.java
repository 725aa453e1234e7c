package org.llavalens.runtime.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.llavalens.runtime.trace.CaptureSpec;
import org.llavalens.runtime.trace.ImageAblation.Replacement;

/**
 * Repeated passes leave no tensors behind: every layer's intermediates are scoped, so after the
 * first pass (which upcasts and caches weights) the runtime owns the same tensors as before.
 */
class NativeMemoryTest {

    @ParameterizedTest
    @EnumSource(value = WeightResidency.class, names = {"RESIDENT", "STREAMED"})
    void passesDoNotAccumulateTensors(WeightResidency residency) {
        Reference ref = new Reference("a");
        try (LlavaRuntime runtime = ref.open(residency)) {
            PreparedInput input = runtime.prepare(ref.inputIds(), ref.pixelValues());
            runAll(runtime, input);
            int settled = runtime.manager().getManagedArrays().size();
            for (int i = 0; i < 3; i++) {
                runAll(runtime, input);
                assertEquals(settled, runtime.manager().getManagedArrays().size(), "tensors after round " + i);
            }
        }
    }

    private static void runAll(LlavaRuntime runtime, PreparedInput input) {
        runtime.forward(input, CaptureSpec.FULL, null).headContributions(1, 2);
        runtime.logits(input, null);
        runtime.generate(input, 3, null);
        try (PatchAblation ablation = runtime.ablation(input, null)) {
            ablation.logProbWithPatchReplaced(5, new int[] {0, 1, 2}, Replacement.MEAN_IMAGE_FEATURE, null);
        }
    }
}
