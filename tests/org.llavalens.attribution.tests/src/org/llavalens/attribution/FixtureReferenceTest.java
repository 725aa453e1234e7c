package org.llavalens.attribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.llavalens.attribution.Asserts.assertClose;
import static org.llavalens.attribution.Asserts.assertCloseReport;
import static org.llavalens.attribution.Asserts.toDouble;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.llavalens.attribution.baseline.AverageAttention;
import org.llavalens.attribution.fixture.Fixture;
import org.llavalens.attribution.fixture.FixtureTrace;
import org.llavalens.attribution.projection.EmbeddingProjection;
import org.llavalens.attribution.projection.LogitLens;
import org.llavalens.attribution.projection.TokenScore;
import org.llavalens.attribution.projection.TopK;
import org.llavalens.runtime.trace.ForwardTrace;

/**
 * The engine over Hugging Face's own captured tensors must reproduce the fixtures' attribution
 * arrays (computed in float64 NumPy from the same tensors): scores within 1e-4, top-k id lists
 * exactly.
 */
class FixtureReferenceTest {

    private static final double TOL = 1e-4;

    private static ForwardTrace trace(String name) {
        return new FixtureTrace(Fixture.load(name));
    }

    @ParameterizedTest
    @ValueSource(strings = { "a", "b", "d" })
    void targetIsTheArgmaxOfTheManifest(String name) {
        Fixture f = Fixture.load(name);
        assertEquals(f.target(), TargetSelector.idsOnly().argmax(new FixtureTrace(f)).id());
    }

    @ParameterizedTest
    @ValueSource(strings = { "a", "b", "d" })
    void headAndLayerScoresMatch(String name) {
        Fixture f = Fixture.load(name);
        ForwardTrace t = new FixtureTrace(f);
        LogProbIncrease engine = new LogProbIncrease(t, FrozenNormUnembedding.of(t), f.target());
        LogProbIncrease.HeadAndLayerScores s = engine.headAndLayerScores();
        assertCloseReport(f.doubles("head_scores"), Asserts.flatten(s.heads().raw()), TOL, name + " head_scores");
        assertCloseReport(f.doubles("layer_attn_scores"), s.layers().attention(), TOL, name + " layer_attn_scores");
        assertCloseReport(f.doubles("layer_mlp_scores"), s.layers().mlp(), TOL, name + " layer_mlp_scores");
    }

    @ParameterizedTest
    @ValueSource(strings = { "a", "b", "d" })
    void positionScoresOfEveryHeadMatch(String name) {
        Fixture f = Fixture.load(name);
        ForwardTrace t = new FixtureTrace(f);
        LogProbIncrease engine = new LogProbIncrease(t, FrozenNormUnembedding.of(t), f.target());
        int layers = t.model().numLayers();
        int heads = t.model().numHeads();
        List<HeadId> all = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            for (int h = 0; h < heads; h++) {
                all.add(new HeadId(l, h));
            }
        }
        var scores = engine.positionScores(all, null);
        double[] flat = new double[layers * heads * t.sequenceLength()];
        int o = 0;
        for (HeadId id : all) {
            double[] s = scores.get(id);
            System.arraycopy(s, 0, flat, o, s.length);
            o += s.length;
        }
        assertCloseReport(f.doubles("position_scores"), flat, TOL, name + " position_scores");
    }

    @ParameterizedTest
    @ValueSource(strings = { "a", "b" })
    void averageAttentionMatches(String name) {
        Fixture f = Fixture.load(name);
        assertCloseReport(f.doubles("avg_attention_image"), AverageAttention.imageScores(new FixtureTrace(f)), TOL,
                name + " avg_attention_image");
    }

    @ParameterizedTest
    @ValueSource(strings = { "a", "b", "d" })
    void logitLensTop5IsExact(String name) {
        Fixture f = Fixture.load(name);
        ForwardTrace t = new FixtureTrace(f);
        int layers = t.model().numLayers();
        float[][] vectors = new float[layers + 1][];
        for (int l = 0; l < layers; l++) {
            vectors[l] = t.layerInput(l);
        }
        vectors[layers] = t.finalResidual();
        List<List<TokenScore>> top = new LogitLens(FrozenNormUnembedding.of(t)).topK(vectors, 5);
        long[] expected = f.longs("logit_lens_top5");
        for (int i = 0; i <= layers; i++) {
            int[] want = new int[5];
            for (int k = 0; k < 5; k++) {
                want[k] = (int) expected[i * 5 + k];
            }
            assertArrayEquals(want, TopK.ids(top.get(i)), name + " logit_lens_top5 row " + i);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "a", "b" })
    void embeddingProjectionMatches(String name) {
        Fixture f = Fixture.load(name);
        ForwardTrace t = new FixtureTrace(f);
        float[][] features = t.imageFeatures().orElseThrow();
        List<List<TokenScore>> top = new EmbeddingProjection(t.embedding()).topK(features, 5,
                Similarity.DOT);
        long[] ids = f.longs("embed_proj_top5");
        double[] expectedScores = f.doubles("embed_proj_scores");
        double[] gotScores = new double[expectedScores.length];
        for (int k = 0; k < features.length; k++) {
            int[] want = new int[5];
            for (int r = 0; r < 5; r++) {
                want[r] = (int) ids[k * 5 + r];
                gotScores[k * 5 + r] = top.get(k).get(r).score();
            }
            assertArrayEquals(want, TopK.ids(top.get(k)), name + " embed_proj_top5 patch " + k);
        }
        assertCloseReport(expectedScores, gotScores, TOL, name + " embed_proj_scores");
    }

    /** U(x^L_T) == logits: the frozen norm reproduces the model's own final norm at T. */
    @ParameterizedTest
    @ValueSource(strings = { "a", "b", "d" })
    void frozenNormUnembeddingOfFinalResidualIsTheLogits(String name) {
        ForwardTrace t = trace(name);
        float[] u = FrozenNormUnembedding.of(t).logits(new float[][] { t.finalResidual() })[0];
        assertCloseReport(toDouble(t.logits()), toDouble(u), TOL, name + " U(x^L_T) vs logits_last");
    }

    /** sum_h o^(l,h) == a^l_T and sum_j c^(l,h)_j == o^(l,h). */
    @ParameterizedTest
    @ValueSource(strings = { "a", "b", "d" })
    void headOutputsAndContributionsAddUp(String name) {
        ForwardTrace t = trace(name);
        int d = t.model().hiddenSize();
        double maxHeads = 0;
        double maxPositions = 0;
        for (int l = 0; l < t.model().numLayers(); l++) {
            double[] sumHeads = new double[d];
            for (int h = 0; h < t.model().numHeads(); h++) {
                float[] o = t.headOutput(l, h);
                double[] sumPos = new double[d];
                for (float[] c : t.headContributions(l, h)) {
                    for (int i = 0; i < d; i++) {
                        sumPos[i] += c[i];
                    }
                }
                maxPositions = Math.max(maxPositions, assertClose(toDouble(o), sumPos, 1e-5, name + " sum_j c_j vs o " + l + "_" + h));
                for (int i = 0; i < d; i++) {
                    sumHeads[i] += o[i];
                }
            }
            maxHeads = Math.max(maxHeads, assertClose(toDouble(t.attentionOutput(l)), sumHeads, 1e-5, name + " sum_h o vs a layer " + l));
        }
        System.out.printf("%s identities: max |sum_h o - a| %.3g, max |sum_j c - o| %.3g%n", name, maxHeads, maxPositions);
    }

    /** x^(l+1) = x^l + a^l + f^l: the residual bookkeeping the layer scores rely on. */
    @ParameterizedTest
    @ValueSource(strings = { "a", "b", "d" })
    void residualStreamAddsUp(String name) {
        ForwardTrace t = trace(name);
        for (int l = 0; l < t.model().numLayers(); l++) {
            float[] x = t.layerInput(l);
            float[] a = t.attentionOutput(l);
            float[] m = t.mlpOutput(l);
            double[] sum = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                sum[i] = (double) x[i] + a[i] + m[i];
            }
            assertClose(toDouble(t.layerOutput(l)), sum, 1e-5, name + " x^l + a^l + f^l vs x^(l+1) layer " + l);
        }
    }
}
