package org.llavalens.attribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.llavalens.attribution.Asserts.assertClose;
import static org.llavalens.attribution.Asserts.assertCloseReport;
import static org.llavalens.attribution.Asserts.toDouble;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.llavalens.attribution.baseline.AverageAttention;
import org.llavalens.attribution.fixture.Fixture;
import org.llavalens.attribution.method.MethodContext;
import org.llavalens.attribution.method.MethodRegistry;
import org.llavalens.attribution.method.MethodRunner;
import org.llavalens.attribution.method.builtin.CausalAblationMethod;
import org.llavalens.attribution.projection.EmbeddingProjection;
import org.llavalens.attribution.projection.LogitLens;
import org.llavalens.attribution.projection.TokenScore;
import org.llavalens.attribution.projection.TopK;
import org.llavalens.attribution.result.MethodResult;
import org.llavalens.runtime.model.LoadedModel;
import org.llavalens.runtime.model.ModelLoader;
import org.llavalens.runtime.model.PatchAblation;
import org.llavalens.runtime.model.PreparedInput;
import org.llavalens.runtime.trace.CaptureSpec;
import org.llavalens.runtime.trace.ForwardTrace;

/**
 * The same reference checks on a trace our own Java forward pass produced from the fixture's
 * inputs (not Hugging Face's captured tensors): the whole pipeline, forward + attribution, against
 * Hugging Face.
 */
class RealTraceTest {

    private static final double TOL = 1e-4;

    @ParameterizedTest
    @ValueSource(strings = { "a", "b", "d" })
    void attributionOfOurForwardPassMatchesHuggingFace(String name) {
        Fixture f = Fixture.load(name);
        try (LoadedModel model = ModelLoader.load(f.dir())) {
            int[] ids = f.input("input_ids").ints();
            float[] pixels = f.hasImage() ? f.input("pixel_values").floats() : null;
            PreparedInput input = model.prepare(pixels, ids);
            ForwardTrace t = model.forward(input, CaptureSpec.ATTRIBUTION, null);

            assertEquals(f.target(), TargetSelector.idsOnly().argmax(t).id());
            FrozenNormUnembedding u = FrozenNormUnembedding.of(t);
            assertClose(toDouble(t.logits()), toDouble(u.logits(new float[][] { t.finalResidual() })[0]), TOL,
                    name + " real U(x^L_T) vs its logits");
            LogProbIncrease engine = new LogProbIncrease(t, u, f.target());
            LogProbIncrease.HeadAndLayerScores s = engine.headAndLayerScores();
            assertCloseReport(f.doubles("head_scores"), Asserts.flatten(s.heads().raw()), TOL, name + " real head_scores");
            assertCloseReport(f.doubles("layer_attn_scores"), s.layers().attention(), TOL, name + " real layer_attn_scores");
            assertCloseReport(f.doubles("layer_mlp_scores"), s.layers().mlp(), TOL, name + " real layer_mlp_scores");

            int layers = t.model().numLayers();
            int heads = t.model().numHeads();
            List<HeadId> all = new ArrayList<>();
            for (int l = 0; l < layers; l++) {
                for (int h = 0; h < heads; h++) {
                    all.add(new HeadId(l, h));
                }
            }
            Map<HeadId, double[]> pos = engine.positionScores(all, null);
            double[] flat = new double[layers * heads * t.sequenceLength()];
            int o = 0;
            double maxPos = 0;
            double maxHeads = 0;
            for (HeadId id : all) {
                System.arraycopy(pos.get(id), 0, flat, o, t.sequenceLength());
                o += t.sequenceLength();
                double[] sum = new double[t.model().hiddenSize()];
                for (float[] c : t.headContributions(id.layer(), id.head())) {
                    for (int i = 0; i < sum.length; i++) {
                        sum[i] += c[i];
                    }
                }
                maxPos = Math.max(maxPos, assertClose(toDouble(t.headOutput(id.layer(), id.head())), sum, 1e-5,
                        name + " real sum_j c_j vs o " + id));
            }
            for (int l = 0; l < layers; l++) {
                double[] sum = new double[t.model().hiddenSize()];
                for (int h = 0; h < heads; h++) {
                    float[] oh = t.headOutput(l, h);
                    for (int i = 0; i < sum.length; i++) {
                        sum[i] += oh[i];
                    }
                }
                maxHeads = Math.max(maxHeads, assertClose(toDouble(t.attentionOutput(l)), sum, 1e-5, name + " real sum_h o vs a " + l));
            }
            System.out.printf("%s real identities: max |sum_h o - a| %.3g, max |sum_j c - o| %.3g%n", name, maxHeads, maxPos);
            assertCloseReport(f.doubles("position_scores"), flat, TOL, name + " real position_scores");

            float[][] xs = new float[layers + 1][];
            for (int l = 0; l < layers; l++) {
                xs[l] = t.layerInput(l);
            }
            xs[layers] = t.finalResidual();
            List<List<TokenScore>> lens = new LogitLens(u).topK(xs, 5);
            long[] want = f.longs("logit_lens_top5");
            for (int i = 0; i <= layers; i++) {
                assertArrayEquals(java.util.Arrays.copyOfRange(want, i * 5, i * 5 + 5),
                        java.util.Arrays.stream(TopK.ids(lens.get(i))).asLongStream().toArray(), name + " real logit lens row " + i);
            }
            if (f.hasImage()) {
                assertCloseReport(f.doubles("avg_attention_image"), AverageAttention.imageScores(t), TOL,
                        name + " real avg_attention_image");
                float[][] features = t.imageFeatures().orElseThrow();
                List<List<TokenScore>> e = new EmbeddingProjection(t.embedding()).topK(features, 5,
                        Similarity.DOT);
                long[] ids5 = f.longs("embed_proj_top5");
                for (int k = 0; k < features.length; k++) {
                    assertArrayEquals(java.util.Arrays.copyOfRange(ids5, k * 5, k * 5 + 5),
                            java.util.Arrays.stream(TopK.ids(e.get(k))).asLongStream().toArray(), name + " real embed proj " + k);
                }
            }
        }
    }

    /** The causal baseline through the runtime's batched, KV-cached reruns, isolated like any method. */
    @ParameterizedTest
    @ValueSource(strings = { "a" })
    void causalAblationRunsOnTheLoadedModel(String name) {
        Fixture f = Fixture.load(name);
        try (LoadedModel model = ModelLoader.load(f.dir())) {
            PreparedInput input = model.prepare(f.input("pixel_values").floats(), f.input("input_ids").ints());
            ForwardTrace t = model.forward(input, CaptureSpec.ATTRIBUTION, null);
            try (PatchAblation ablation = model.ablation(input, null)) {
                TargetToken target = TargetSelector.idsOnly().argmax(t);
                assertEquals(f.doubles("logprobs_last")[target.id()], ablation.baselineLogProb(target.id()), TOL,
                        "the ablation's unmodified run is the model's own log p(b)");
                MethodContext ctx = new MethodContext(t, target, new MethodContext.Choices(HeadAggregation.TOP1, ScoreNormalization.MIN_MAX, Map.of("replacement", "zeros")), ablation);
                MethodResult m = new MethodRunner(MethodRegistry.fromPlatform()).runOne(CausalAblationMethod.ID, ctx, null);
                assertNull(m.error());
                assertEquals(16, m.imageScores().length());
                boolean someEffect = false;
                for (double d : m.imageScores().toArray()) {
                    assertTrue(Double.isFinite(d));
                    someEffect |= Math.abs(d) > 1e-6;
                }
                assertTrue(someEffect, "replacing a patch changes log p(b) somewhere");
                assertTrue(m.millis() > 0);
            }
        }
    }
}
