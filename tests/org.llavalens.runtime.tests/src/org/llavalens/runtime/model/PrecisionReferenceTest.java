package org.llavalens.runtime.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.llavalens.runtime.compute.ComputeDevice;
import org.llavalens.runtime.compute.ComputeSettings;
import org.llavalens.runtime.compute.Precision;
import org.llavalens.runtime.testing.Fixtures;

/**
 * {@link ReferenceCheck} (what selfcheck runs) against the Hugging Face fixtures: fp32 on the CPU
 * within 1e-4 of transformers' float32 outputs; fp16 keeps HF's argmax, stays within the error half
 * precision allows (2^-11 relative per rounding, over a few layers of logits of magnitude ~10), and
 * really differs from fp32 (the products ran in half precision).
 */
class PrecisionReferenceTest {

    private static final double FP32_TOL = 1e-4;
    private static final double FP16_TOL = 5e-2;

    @ParameterizedTest
    @ValueSource(strings = {"a", "b", "d"})
    void fp32AndFp16AgainstHuggingFace(String fixture) {
        ReferenceCheck.Outcome fp32 = ReferenceCheck.run(Fixtures.dir(fixture), ComputeSettings.CPU_FP32);
        assertTrue(fp32.passes(FP32_TOL), fixture + " fp32: " + fp32);
        ReferenceCheck.Outcome fp16 = ReferenceCheck.run(Fixtures.dir(fixture),
                new ComputeSettings(ComputeDevice.CPU, Precision.FP16));
        assertEquals(fp16.referenceArgmax(), fp16.argmax(), fixture + " fp16 argmax: " + fp16);
        assertTrue(fp16.largest() <= FP16_TOL, fixture + " fp16: " + fp16);
        assertTrue(fp16.maxAbsDiff().get("logits_last") > 1e-6, fixture + " fp16 equals fp32: " + fp16);
    }
}
