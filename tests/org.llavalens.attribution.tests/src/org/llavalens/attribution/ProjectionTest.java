package org.llavalens.attribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.llavalens.attribution.fixture.Fixture;
import org.llavalens.attribution.fixture.FixtureTrace;
import org.llavalens.attribution.projection.EmbeddingProjection;
import org.llavalens.attribution.projection.LogitLens;
import org.llavalens.attribution.projection.Mrr;
import org.llavalens.attribution.projection.StreamVectors;
import org.llavalens.attribution.projection.TokenScore;
import org.llavalens.attribution.projection.TopK;
import org.llavalens.runtime.trace.ForwardTrace;

class ProjectionTest {

    private final ForwardTrace trace = new FixtureTrace(Fixture.load("a"));
    private final FrozenNormUnembedding u = FrozenNormUnembedding.of(trace);
    private final LogitLens lens = new LogitLens(u);

    @Test
    void topKBreaksTiesTowardsTheLowerId() {
        double[] s = { 1, 3, 2, 3, 0, 2 };
        assertArrayEquals(new int[] { 1, 3, 2, 5 }, TopK.ids(TopK.of(s, 4)));
        assertEquals(2, TopK.rank(new float[] { 1, 3, 2, 3 }, 3));
        assertEquals(1, TopK.rank(new float[] { 1, 3, 2, 3 }, 1));
        assertEquals(4, TopK.rank(new float[] { 1, 3, 2, 3 }, 0));
    }

    @Test
    void logitMinusIsTheDifferenceOfLogProbabilities() {
        float[] v = trace.layerInput(3);
        double[] lp = u.logSoftmax(v);
        assertEquals(lp[132] - lp[40], lens.logitMinus(v, 132, 40), 1e-9);
    }

    @Test
    void mrrOverTheLayersOfTheTarget() {
        int layers = trace.model().numLayers();
        float[][] vs = new float[layers + 1][];
        for (int l = 0; l < layers; l++) {
            vs[l] = StreamVectors.residual(trace, l, trace.sequenceLength() - 1);
        }
        vs[layers] = StreamVectors.residual(trace, layers, trace.sequenceLength() - 1);
        int[] ranks = lens.ranks(vs, 132);
        assertEquals(1, ranks[layers], "the final residual predicts b");
        double want = 0;
        for (int r : ranks) {
            want += 1.0 / r;
        }
        assertEquals(want / ranks.length, lens.meanReciprocalRank(vs, 132), 1e-12);
        assertEquals(0.75, Mrr.of(new int[] { 1, 2 }), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Mrr.of(new int[0]));
    }

    @Test
    void streamPartsAddUpToTheResidual() {
        int t = trace.sequenceLength() - 1;
        int l = 3;
        float[] attn = StreamVectors.attentionWritten(trace, l, t);
        float[] mlp = StreamVectors.mlpWritten(trace, l, t);
        float[] x0 = trace.layerInput(0);
        float[] xl = trace.layerInput(l);
        for (int i = 0; i < xl.length; i++) {
            assertEquals(xl[i], x0[i] + attn[i] + mlp[i], 1e-5);
        }
        // the lens reads a head output and a contribution the same way as any vector
        List<TokenScore> top = lens.topK(StreamVectors.headOutput(trace, 2, 0), 3);
        assertEquals(3, top.size());
        assertThrows(IllegalStateException.class, () -> StreamVectors.residual(trace, 1, 0),
                "positions other than T need a FULL capture; never silently zeros");
    }

    @Test
    void cosineDividesByTheNorms() {
        float[][] f = trace.imageFeatures().orElseThrow();
        EmbeddingProjection p = new EmbeddingProjection(trace.embedding());
        double[] dot = p.scores(new float[][] { f[0] }, Similarity.DOT)[0];
        double[] cos = p.scores(new float[][] { f[0] }, Similarity.COSINE)[0];
        float[] row = trace.embedding().row(7);
        double rn = 0;
        double vn = 0;
        for (int i = 0; i < row.length; i++) {
            rn += row[i] * row[i];
            vn += f[0][i] * f[0][i];
        }
        assertEquals(dot[7] / Math.sqrt(rn * vn), cos[7], 1e-6);
        for (double c : cos) {
            assertEquals(0, Math.max(0, Math.abs(c) - 1), 1e-6);
        }
    }
}
