package org.llavalens.attribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.llavalens.attribution.fixture.Fixture;
import org.llavalens.attribution.fixture.FixtureTrace;
import org.llavalens.runtime.trace.ForwardTrace;
import org.llavalens.runtime.trace.ImageSpan;

/**
 * The live head aggregation over fixture a (Hugging Face's tiny LLaVA): each map is the element-wise
 * sum of the engine's single-head position maps, computed one head at a time for the comparison.
 */
class AggregatedHeadMapTest {

    private final Fixture fixture = Fixture.load("a");
    private final ForwardTrace trace = new FixtureTrace(fixture);
    private final LogProbIncrease engine = new LogProbIncrease(trace, FrozenNormUnembedding.of(trace), fixture.target());
    private final HeadScores scores = engine.headAndLayerScores().heads();
    private final ImageSpan span = trace.imageSpan().orElseThrow();

    private double[] imageOf(HeadId h) {
        double[] all = engine.positionScores(h);
        double[] out = new double[span.patchCount()];
        System.arraycopy(all, span.firstPatch(), out, 0, out.length);
        return out;
    }

    private void assertSumOf(List<HeadId> heads, double[] actual) {
        double[] want = new double[span.patchCount()];
        for (HeadId h : heads) {
            double[] one = imageOf(h);
            for (int k = 0; k < want.length; k++) {
                want[k] += one[k];
            }
        }
        for (int k = 0; k < want.length; k++) {
            double tol = 1e-9 * Math.max(1e-12, Math.abs(want[k]));
            assertEquals(want[k], actual[k], tol, "patch " + k);
        }
    }

    @Test
    void topKIsTheSumOfTheKTopHeadsMaps() {
        for (int k : new int[] { 2, 3, 7 }) {
            AggregatedHeadMap m = AggregatedHeadMap.compute(engine, scores, HeadAggregation.topK(k), span, Map.of(), null);
            assertEquals(scores.top(k), m.heads());
            assertSumOf(scores.top(k), m.image().raw());
            assertTrue(m.label().startsWith("log increase, top-" + k + ": " + scores.top(1).get(0)), m.label());
        }
    }

    @Test
    void topOneIsTheTopHeadsMap() {
        AggregatedHeadMap m = AggregatedHeadMap.compute(engine, scores, HeadAggregation.TOP1, span, Map.of(), null);
        HeadId top = scores.top(1).get(0);
        assertEquals(List.of(top), m.heads());
        assertArrayEquals(imageOf(top), m.image().raw(), 0);
        assertEquals("log increase, top-1: " + top, m.label());
    }

    @Test
    void selectedHeadsAreSummedInAnyOrder() {
        List<HeadId> chosen = List.of(new HeadId(1, 1), new HeadId(0, 3));
        AggregatedHeadMap m = AggregatedHeadMap.compute(engine, scores, HeadAggregation.selected(chosen), span,
                Map.of(), null);
        assertSumOf(chosen, m.image().raw());
        assertEquals("log increase, 2 selected heads: 1_1, 0_3", m.label());
        HeadId outside = new HeadId(scores.numLayers(), 0);
        assertThrows(IllegalArgumentException.class, () -> AggregatedHeadMap.compute(engine, scores,
                HeadAggregation.selected(List.of(outside)), span, Map.of(), null));
    }

    @Test
    void knownPositionScoresAreReusedNotRecomputed() {
        HeadId top = scores.top(1).get(0);
        double[] kept = engine.positionScores(top);
        Map<HeadId, double[]> known = new HashMap<>();
        known.put(top, kept);
        AggregatedHeadMap m = AggregatedHeadMap.compute(engine, scores, HeadAggregation.topK(3), span, known, null);
        assertSame(kept, m.positions().get(top), "a known map was computed again");
        assertSumOf(scores.top(3), m.image().raw());
    }

    @Test
    void aLongListIsAbbreviatedInTheLabel() {
        AggregatedHeadMap m = AggregatedHeadMap.compute(engine, scores, HeadAggregation.topK(8), span, Map.of(), null);
        assertTrue(m.label().endsWith("\u2026 (3 more)"), m.label());
    }

    @Test
    void standingOfATokenIsItsRankAndSoftmaxProbability() {
        float[] logits = trace.logits();
        int best = TargetSelector.idsOnly().argmax(trace).id();
        TokenStanding s = TokenStanding.of(logits, best);
        assertEquals(1, s.rank());
        double z = 0;
        for (float l : logits) {
            z += Math.exp((double) l - (double) logits[best]);
        }
        assertEquals(1 / z, s.probability(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> TokenStanding.of(logits, logits.length));
    }

    @Test
    void aWordTargetIsLookedUpEvenWhenItLooksLikeAnId() {
        TargetSelector sel = new TargetSelector(w -> w.equals("2") ? java.util.OptionalInt.of(40)
                : java.util.OptionalInt.empty(), id -> "tok" + id);
        assertEquals(40, sel.word(trace, "2").id(), "the word '2' is a token of its own, not id 2");
        assertEquals(2, sel.select(trace, "2").id(), "select still reads digits as an id");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sel.word(trace, "purple"));
        assertTrue(e.getMessage().contains("'purple' is not a single token"), e.getMessage());
    }
}
