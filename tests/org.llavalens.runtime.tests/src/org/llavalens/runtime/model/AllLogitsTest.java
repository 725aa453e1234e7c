package org.llavalens.runtime.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.llavalens.runtime.io.NpyArray;
import org.llavalens.runtime.trace.CaptureSpec;
import org.llavalens.runtime.trace.ForwardTrace;

/**
 * The logits at every position ({@link CaptureSpec#allLogits()}) against Hugging Face's
 * {@code logits_all} of fixtures a, b (LLaVA) and d (LLaMA), with the README's logit tolerance, and
 * their identities with the last-position logits.
 */
class AllLogitsTest {

    /** README "Tolerances": logits atol 1e-4 + rtol 1e-4. */
    private static final double LOGIT_TOL = 1e-4;

    /** What a test checks on one pass over a fixture's input. */
    private interface Check {
        void on(Reference ref, LlavaRuntime runtime, PreparedInput input, ForwardTrace trace);
    }

    /** One pass with {@code spec}, lm_head applied {@code blockRows} positions at a time (0: the default). */
    private static void pass(String fixture, CaptureSpec spec, int blockRows, Check check) {
        Reference ref = new Reference(fixture);
        try (LlavaRuntime runtime = ref.open(WeightResidency.AUTO)) {
            if (blockRows > 0) {
                runtime.allLogitsBlockRows(blockRows);
            }
            PreparedInput input = runtime.prepare(ref.inputIds(), ref.pixelValues());
            check.on(ref, runtime, input, runtime.forward(input, spec, null));
        }
    }

    @ParameterizedTest
    @CsvSource({"a, 0", "b, 0", "d, 0", "b, 7", "d, 1"})
    void everyPositionMatchesHuggingFace(String fixture, int blockRows) {
        pass(fixture, CaptureSpec.MINIMAL.withAllLogits(), blockRows, (ref, runtime, input, trace) -> {
            int t = trace.sequenceLength();
            int v = trace.model().vocabSize();
            NpyArray expected = ref.expected("logits_all");
            assertArrayEquals(new int[] {t, v}, expected.shape(), "fixture logits_all is [T, V]");
            double[] e = expected.doubles();
            float[][] all = trace.allLogits();
            assertEquals(t, all.length);
            for (int j = 0; j < t; j++) {
                assertEquals(v, all[j].length);
                ref.assertClose("logits_all", all[j], e, j * v, LOGIT_TOL, LOGIT_TOL);
            }
            assertTrue(trace.timingsMillis().containsKey("all_logits"));
            System.out.println("block rows " + (blockRows > 0 ? blockRows : "default") + ", all_logits "
                    + String.format(java.util.Locale.ROOT, "%.2f", trace.timingsMillis().get("all_logits")) + " ms");
            ref.report();
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "d"})
    void lastRowIsTheLastPositionLogits(String fixture) {
        pass(fixture, CaptureSpec.ATTRIBUTION.withAllLogits(), 4, (ref, runtime, input, trace) -> {
            int t = trace.sequenceLength();
            float[] logits = trace.logits();
            assertArrayEquals(logits, trace.allLogits()[t - 1], "last row of allLogits() == logits()");
            assertArrayEquals(logits, trace.logitsAt(t - 1), "logitsAt(T - 1) == logits()");
            for (int j = 0; j < t; j++) {
                assertArrayEquals(trace.allLogits()[j], trace.logitsAt(j), "logitsAt(" + j + ") is row " + j);
            }
            // The extra capture does not change the pass: same logits as without it, bit for bit.
            assertArrayEquals(runtime.forward(input, CaptureSpec.MINIMAL, null).logits(), logits);
            assertArrayEquals(runtime.logits(input, null), logits);
            // Rows are fresh copies.
            trace.allLogits()[t - 1][0] += 1;
            trace.logitsAt(0)[0] += 1;
            assertArrayEquals(logits, trace.logitsAt(t - 1));
        });
    }

    /** Row j = lm_head(final norm(x^L_j)), with x^L_j the residual the FULL capture kept at j. */
    @ParameterizedTest
    @ValueSource(strings = {"b", "d"})
    void rowsAreTheUnembeddingOfEachFinalResidual(String fixture) {
        pass(fixture, CaptureSpec.FULL.withAllLogits(), 3, (ref, runtime, input, trace) -> {
            int layers = trace.model().numLayers();
            float[] g = trace.finalNormWeight();
            float[][] normed = new float[trace.sequenceLength()][];
            for (int j = 0; j < normed.length; j++) {
                normed[j] = ForwardFixtureTest.rmsNorm(trace.residual(layers, j), g, trace.finalNormEps());
            }
            float[][] viaRowMatrix = trace.unembedding().multiply(normed);
            for (int j = 0; j < normed.length; j++) {
                ForwardFixtureTest.assertMax(viaRowMatrix[j], trace.logitsAt(j), "logits at position " + j);
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"a"})
    void notCapturedIsAClearError(String fixture) {
        pass(fixture, CaptureSpec.MINIMAL.withAllLogits(), 0, (ref, runtime, input, withLogits) -> {
            assertThrows(IndexOutOfBoundsException.class, () -> withLogits.logitsAt(withLogits.sequenceLength()));
            assertThrows(IndexOutOfBoundsException.class, () -> withLogits.logitsAt(-1));
            for (CaptureSpec spec : new CaptureSpec[] {CaptureSpec.MINIMAL, CaptureSpec.ATTRIBUTION, CaptureSpec.FULL}) {
                ForwardTrace trace = runtime.forward(input, spec, null);
                IllegalStateException all = assertThrows(IllegalStateException.class, trace::allLogits);
                assertTrue(all.getMessage().contains("CaptureSpec.allLogits"), all.getMessage());
                IllegalStateException one = assertThrows(IllegalStateException.class, () -> trace.logitsAt(0));
                assertTrue(one.getMessage().contains("CaptureSpec.allLogits"), one.getMessage());
                assertFalse(trace.timingsMillis().containsKey("all_logits"), "no all-position work for " + spec);
            }
        });
    }
}
