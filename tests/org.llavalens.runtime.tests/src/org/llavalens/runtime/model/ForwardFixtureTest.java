package org.llavalens.runtime.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.llavalens.runtime.trace.CaptureSpec;
import org.llavalens.runtime.trace.ForwardTrace;
import org.llavalens.runtime.trace.HookPoint;
import org.llavalens.runtime.trace.ImageSpan;

/**
 * The Java forward pass against Hugging Face transformers' own outputs on the tiny LLaVA (a, b) and
 * LLaMA (d) fixtures, with the tolerances their READMEs give, and the exact identities of the trace.
 */
class ForwardFixtureTest {

    private static final double HIDDEN_TOL = 1e-4;
    private static final double ATTN_TOL = 1e-5;
    private static final double IDENTITY_TOL = 1e-5;

    @ParameterizedTest
    @ValueSource(strings = {"a", "b", "d"})
    void traceMatchesHuggingFace(String fixture) {
        Reference ref = new Reference(fixture);
        try (LlavaRuntime runtime = ref.open(WeightResidency.AUTO)) {
            PreparedInput input = runtime.prepare(ref.inputIds(), ref.pixelValues());
            ForwardTrace trace = runtime.forward(input, CaptureSpec.FULL, null);
            int layers = trace.model().numLayers();
            int heads = trace.model().numHeads();
            int d = trace.model().hiddenSize();
            int t = trace.sequenceLength();

            float[] logits = trace.logits();
            ref.assertClose("logits_last", logits, ref.expected("logits_last").doubles(), 0, HIDDEN_TOL, HIDDEN_TOL);
            ref.assertClose("logprobs_last", logSoftmax(logits), ref.expected("logprobs_last").doubles(), 0, HIDDEN_TOL,
                    HIDDEN_TOL);
            assertEquals(ref.manifest.get("target_token_b").getAsInt(), argmax(logits), "argmax of the last logits");

            double[] layerIn = ref.expected("layer_in_last").doubles();
            double[] layerOut = ref.expected("layer_out_last").doubles();
            double[] attnOut = ref.expected("attn_out_last").doubles();
            double[] mlpOut = ref.expected("mlp_out_last").doubles();
            double[] hidden = ref.expected("hidden_last").doubles();
            double[] attn = ref.expected("attn_last").doubles();
            double[] headOut = ref.expected("head_out_last").doubles();
            double[] contrib = ref.expected("contrib_last").doubles();
            for (int l = 0; l < layers; l++) {
                ref.assertClose("layer_in_last", trace.layerInput(l), layerIn, l * d, HIDDEN_TOL, HIDDEN_TOL);
                ref.assertClose("hidden_last", trace.layerInput(l), hidden, l * d, HIDDEN_TOL, HIDDEN_TOL);
                ref.assertClose("layer_out_last", trace.layerOutput(l), layerOut, l * d, HIDDEN_TOL, HIDDEN_TOL);
                ref.assertClose("attn_out_last", trace.attentionOutput(l), attnOut, l * d, HIDDEN_TOL, HIDDEN_TOL);
                ref.assertClose("mlp_out_last", trace.mlpOutput(l), mlpOut, l * d, HIDDEN_TOL, HIDDEN_TOL);
                for (int h = 0; h < heads; h++) {
                    ref.assertClose("attn_last", trace.attentionWeights(l, h), attn, (l * heads + h) * t, ATTN_TOL, 0);
                    ref.assertClose("head_out_last", trace.headOutput(l, h), headOut, (l * heads + h) * d, HIDDEN_TOL, 0);
                    float[][] c = trace.headContributions(l, h);
                    assertEquals(t, c.length);
                    for (int j = 0; j < t; j++) {
                        ref.assertClose("contrib_last", c[j], contrib, ((l * heads + h) * t + j) * d, HIDDEN_TOL, 0);
                    }
                }
            }
            ref.assertClose("hidden_last", finalNorm(trace), hidden, layers * d, HIDDEN_TOL, HIDDEN_TOL);
            // U(x^L_T) with the frozen norm through the RowMatrix reproduces the logits.
            float[] viaUnembedding = trace.unembedding().multiply(new float[][] {finalNorm(trace)})[0];
            ref.assertClose("logits_last (lm_head RowMatrix)", viaUnembedding, ref.expected("logits_last").doubles(), 0,
                    HIDDEN_TOL, HIDDEN_TOL);

            Optional<float[][]> features = trace.imageFeatures();
            assertEquals(runtime.config().isLlava(), features.isPresent());
            if (features.isPresent()) {
                checkImage(ref, runtime, trace, features.get());
            } else {
                assertTrue(trace.imageSpan().isEmpty());
            }

            int[] greedy = runtime.generate(input, ref.manifestInts("greedy_new_tokens").length, null);
            ref.assertIds("greedy tokens", ref.manifestInts("greedy_new_tokens"), greedy);
            ref.report();
        }
    }

    private static void checkImage(Reference ref, LlavaRuntime runtime, ForwardTrace trace, float[][] features) {
        int d = trace.model().hiddenSize();
        double[] expected = ref.expected("image_features").doubles();
        for (int k = 0; k < features.length; k++) {
            ref.assertClose("image_features", features[k], expected, k * d, HIDDEN_TOL, HIDDEN_TOL);
        }
        int[] span = ref.manifestInts("image_span");
        ImageSpan imageSpan = trace.imageSpan().orElseThrow();
        assertEquals(span[0], imageSpan.start());
        assertEquals(span[1], imageSpan.end());

        List<float[]> vision = runtime.visionHiddenStates(ref.pixelValues());
        double[] expectedVision = ref.expected("vision_hidden_states").doubles();
        int perState = vision.get(0).length;
        for (int i = 0; i < vision.size(); i++) {
            ref.assertClose("vision_hidden_states", vision.get(i), expectedVision, i * perState, HIDDEN_TOL, HIDDEN_TOL);
        }

        // Embedding-space table: top-5 ids of E v for each image feature, exactly as HF ranks them.
        float[][] scores = trace.embedding().multiply(features);
        long[] top5 = ref.expected("embed_proj_top5").longs();
        for (int k = 0; k < features.length; k++) {
            int[] best = topK(scores[k], 5);
            for (int r = 0; r < 5; r++) {
                assertEquals(top5[k * 5 + r], best[r], ref.name + " embed_proj_top5[" + k + "][" + r + "]");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "d"})
    void traceIdentitiesHold(String fixture) {
        Reference ref = new Reference(fixture);
        try (LlavaRuntime runtime = ref.open(WeightResidency.AUTO)) {
            PreparedInput input = runtime.prepare(ref.inputIds(), ref.pixelValues());
            ForwardTrace trace = runtime.forward(input, CaptureSpec.FULL, null);
            int layers = trace.model().numLayers();
            int heads = trace.model().numHeads();
            int d = trace.model().hiddenSize();
            int t = trace.sequenceLength();
            for (int l = 0; l < layers; l++) {
                float[] sumHeads = new float[d];
                for (int h = 0; h < heads; h++) {
                    float[] o = trace.headOutput(l, h);
                    float[] sumPositions = new float[d];
                    for (float[] c : trace.headContributions(l, h)) {
                        add(sumPositions, c);
                    }
                    assertMax(o, sumPositions, "sum_j c^(" + l + "," + h + ")_j = o^(l,h)");
                    add(sumHeads, o);
                    float total = 0;
                    for (float a : trace.attentionWeights(l, h)) {
                        total += a;
                    }
                    assertEquals(1.0, total, 1e-5, "attention weights sum to 1");
                }
                assertMax(trace.attentionOutput(l), sumHeads, "sum_h o^(l,h) = a^l_T");
                float[] next = trace.layerInput(l);
                add(next, trace.attentionOutput(l));
                add(next, trace.mlpOutput(l));
                assertMax(trace.layerOutput(l), next, "x^(l+1) = x^l + a^l + f^l");
                if (l + 1 < layers) {
                    assertEquals(java.util.Arrays.toString(trace.layerOutput(l)),
                            java.util.Arrays.toString(trace.layerInput(l + 1)), "layer output feeds the next layer");
                }
                for (int j = 0; j < t; j++) {
                    float[] x = trace.residual(l, j);
                    add(x, trace.attentionOutputAt(l, j));
                    add(x, trace.mlpOutputAt(l, j));
                    assertMax(trace.residual(l + 1, j), x, "x^(l+1)_j = x^l_j + a^l_j + f^l_j at j = " + j);
                }
            }
            assertEquals(java.util.Arrays.toString(trace.layerOutput(layers - 1)),
                    java.util.Arrays.toString(trace.finalResidual()));
            assertEquals(java.util.Arrays.toString(trace.layerOutput(layers - 1)),
                    java.util.Arrays.toString(trace.residual(layers, t - 1)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "d"})
    void meanAttentionMatricesAreCausalHeadAveragesMatchingHuggingFace(String fixture) {
        Reference ref = new Reference(fixture);
        try (LlavaRuntime runtime = ref.open(WeightResidency.AUTO)) {
            PreparedInput input = runtime.prepare(ref.inputIds(), ref.pixelValues());
            ForwardTrace trace = runtime.forward(input, CaptureSpec.of(HookPoint.PATTERN_HEAD_MEAN), null);
            int layers = trace.model().numLayers();
            int heads = trace.model().numHeads();
            int t = trace.sequenceLength();
            double[] attn = ref.expected("attn_last").doubles();
            for (int l = 0; l < layers; l++) {
                float[][] mean = trace.meanAttention(l);
                assertEquals(t, mean.length);
                for (int i = 0; i < t; i++) {
                    double total = 0;
                    for (int j = 0; j < t; j++) {
                        total += mean[i][j];
                        if (j > i) {
                            assertEquals(0f, mean[i][j], "query " + i + " attends to a later key " + j);
                        }
                    }
                    assertEquals(1.0, total, 1e-5, "row " + i + " of layer " + l + " sums to 1");
                }
                // The last row is the head average of Hugging Face's last-query weights.
                for (int j = 0; j < t; j++) {
                    double expected = 0;
                    for (int h = 0; h < heads; h++) {
                        expected += attn[(l * heads + h) * t + j];
                    }
                    assertEquals(expected / heads, mean[t - 1][j], ATTN_TOL, "layer " + l + " key " + j);
                }
            }
            assertThrows(IllegalStateException.class,
                    () -> runtime.forward(input, CaptureSpec.ATTRIBUTION, null).meanAttention(0));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"a"})
    void minimalCaptureRefusesWhatItDidNotKeep(String fixture) {
        Reference ref = new Reference(fixture);
        try (LlavaRuntime runtime = ref.open(WeightResidency.AUTO)) {
            PreparedInput input = runtime.prepare(ref.inputIds(), ref.pixelValues());
            ForwardTrace minimal = runtime.forward(input, CaptureSpec.MINIMAL, null);
            ForwardTrace attribution = runtime.forward(input, CaptureSpec.ATTRIBUTION, null);
            assertThrows(IllegalStateException.class, () -> minimal.headContributions(0, 0));
            assertThrows(IllegalStateException.class, () -> minimal.residual(1, 0));
            assertThrows(IllegalStateException.class, () -> attribution.mlpOutputAt(0, 0));
            assertEquals(java.util.Arrays.toString(minimal.logits()), java.util.Arrays.toString(attribution.logits()));
            assertEquals(java.util.Arrays.toString(minimal.logits()),
                    java.util.Arrays.toString(runtime.logits(input, null)), "a plain pass gives the same logits");
            assertTrue(attribution.timingsMillis().containsKey("decoder"));
        }
    }

    static void add(float[] into, float[] v) {
        for (int i = 0; i < into.length; i++) {
            into[i] += v[i];
        }
    }

    static void assertMax(float[] expected, float[] got, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], got[i], IDENTITY_TOL, what + " at component " + i);
        }
    }

    static float[] finalNorm(ForwardTrace trace) {
        return rmsNorm(trace.finalResidual(), trace.finalNormWeight(), trace.finalNormEps());
    }

    /** g * x / sqrt(mean(x^2) + eps) in float64. */
    static float[] rmsNorm(float[] x, float[] g, double eps) {
        double m = 0;
        for (float v : x) {
            m += (double) v * v;
        }
        m /= x.length;
        double scale = 1 / Math.sqrt(m + eps);
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) (g[i] * x[i] * scale);
        }
        return out;
    }

    static float[] logSoftmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (float v : logits) {
            sum += Math.exp(v - max);
        }
        double lse = max + Math.log(sum);
        float[] out = new float[logits.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (logits[i] - lse);
        }
        return out;
    }

    static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Ids of the k largest values, descending, ties to the lower id. */
    static int[] topK(float[] v, int k) {
        Integer[] order = new Integer[v.length];
        for (int i = 0; i < v.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> v[x] != v[y] ? Float.compare(v[y], v[x]) : Integer.compare(x, y));
        int[] out = new int[k];
        for (int i = 0; i < k; i++) {
            out[i] = order[i];
        }
        return out;
    }
}
