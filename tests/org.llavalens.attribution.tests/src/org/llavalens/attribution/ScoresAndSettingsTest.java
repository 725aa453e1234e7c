package org.llavalens.attribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.llavalens.attribution.fixture.Fixture;
import org.llavalens.attribution.fixture.FixtureTrace;
import org.llavalens.runtime.trace.ForwardTrace;

/** Target choice, percentages, normalisations and head aggregation over fixture a's real scores. */
class ScoresAndSettingsTest {

    private final Fixture fixture = Fixture.load("a");
    private final ForwardTrace trace = new FixtureTrace(fixture);

    @Test
    void targetByIdByWordAndArgmax() {
        TargetSelector sel = new TargetSelector(w -> w.equals("brown") ? OptionalInt.of(17) : OptionalInt.empty(),
                id -> "tok" + id);
        assertEquals(new TargetToken(132, "tok132", TargetToken.ARGMAX), sel.select(trace, null));
        assertEquals(new TargetToken(40, "tok40", TargetToken.USER), sel.select(trace, "40"));
        assertEquals(17, sel.select(trace, "brown").id());
        assertThrows(IllegalArgumentException.class, () -> sel.select(trace, "purple"));
        assertThrows(IllegalArgumentException.class, () -> sel.select(trace, "999"));
    }

    @Test
    void scoresForAnotherTargetDifferAndStillMatchTheDefinition() {
        FrozenNormUnembedding u = FrozenNormUnembedding.of(trace);
        int other = 40;
        HeadScores s = new LogProbIncrease(trace, u, other).headAndLayerScores().heads();
        // definition, written out directly with the full log-softmax of one vector at a time
        float[] x = trace.layerInput(2);
        float[] o = trace.headOutput(2, 1);
        float[] sum = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            sum[i] = x[i] + o[i];
        }
        double want = u.logSoftmax(sum)[other] - u.logSoftmax(x)[other];
        assertEquals(want, s.score(2, 1), 1e-9);
    }

    @Test
    void percentagesAreSharesOfThePositiveTotal() {
        HeadScores s = new HeadScores(new double[][] { { 1, -2 }, { 3, 0 } });
        assertEquals(4, s.positiveTotal());
        assertEquals(75, s.percent(new HeadId(1, 0)), 1e-12);
        assertEquals(-50, s.percent(new HeadId(0, 1)), 1e-12);
        assertEquals(List.of(new HeadId(1, 0), new HeadId(0, 0), new HeadId(1, 1), new HeadId(0, 1)), s.ranked());
        assertEquals(0, new HeadScores(new double[][] { { -1, 0 } }).percent(new HeadId(0, 0)));
    }

    @Test
    void rankingTiesKeepTheLowerHeadFirst() {
        HeadScores s = new HeadScores(new double[][] { { 0.5, 0.5 }, { 0.5, 0.1 } });
        assertEquals(List.of(new HeadId(0, 0), new HeadId(0, 1), new HeadId(1, 0)), s.top(3));
    }

    @Test
    void normalisations() {
        double[] s = { -1, 1, 3 };
        assertArrayEquals(new double[] { 0, 0.5, 1 }, ScoreNormalization.MIN_MAX.apply(s), 1e-12);
        assertArrayEquals(new double[] { -0.25, 0.25, 0.75 }, ScoreNormalization.POSITIVE_SHARE.apply(s), 1e-12);
        assertArrayEquals(s, ScoreNormalization.RAW.apply(s));
        // all-equal guard: no division by zero, nothing highlighted
        assertArrayEquals(new double[] { 0, 0, 0 }, ScoreNormalization.MIN_MAX.apply(new double[] { 2, 2, 2 }));
        assertArrayEquals(new double[] { 0, 0 }, ScoreNormalization.POSITIVE_SHARE.apply(new double[] { -1, 0 }));
        assertEquals(ScoreNormalization.POSITIVE_SHARE, ScoreNormalization.parse("share"));
    }

    @Test
    void headAggregationParsesAndSelects() {
        HeadScores s = new HeadScores(new double[][] { { 0.1, 0.9 }, { 0.5, 0.3 } });
        assertEquals(List.of(new HeadId(0, 1)), HeadAggregation.parse("top1").select(s));
        assertEquals(List.of(new HeadId(0, 1), new HeadId(1, 0)), HeadAggregation.parse("topK:2").select(s));
        assertEquals(List.of(new HeadId(1, 1), new HeadId(0, 0)), HeadAggregation.parse("1_1, 0_0").select(s));
        assertEquals("topK:2", HeadAggregation.parse("topK:2").toString());
        assertThrows(IllegalArgumentException.class, () -> HeadAggregation.parse("5_0").select(s));
        assertThrows(IllegalArgumentException.class, () -> HeadAggregation.parse("topK:x"));
        assertThrows(IllegalArgumentException.class, () -> HeadAggregation.parse("22-27"));
    }

    @Test
    void imageMapOfTopKIsTheSumOfTheHeadsImageSlices() {
        LogProbIncrease engine = new LogProbIncrease(trace, FrozenNormUnembedding.of(trace), fixture.target());
        HeadScores hs = engine.headAndLayerScores().heads();
        List<HeadId> top3 = HeadAggregation.topK(3).select(hs);
        Map<HeadId, double[]> pos = engine.positionScores(top3, null);
        var span = trace.imageSpan().orElseThrow();
        ImageMap map = ImageMap.aggregate(pos, top3, span, "topK:3");
        assertEquals(4, map.gridSide());
        for (int k = 0; k < span.patchCount(); k++) {
            double want = 0;
            for (HeadId id : top3) {
                want += pos.get(id)[span.firstPatch() + k];
            }
            assertEquals(want, map.raw()[k], 1e-12);
        }
        ImageMap top1 = ImageMap.aggregate(pos, top3.subList(0, 1), span, "top1");
        assertEquals(pos.get(top3.get(0))[span.firstPatch()], top1.raw()[0], 0);
    }
}
