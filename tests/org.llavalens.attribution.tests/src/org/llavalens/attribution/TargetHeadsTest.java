package org.llavalens.attribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.llavalens.attribution.fixture.Fixture;
import org.llavalens.attribution.fixture.FixtureTrace;
import org.llavalens.attribution.projection.TopK;
import org.llavalens.attribution.report.TargetHeads;
import org.llavalens.runtime.trace.ForwardTrace;

/** A pass's head scores for its own answer or for a shared word, on fixture a (Hugging Face's tiny LLaVA). */
class TargetHeadsTest {

    private final Fixture fixture = Fixture.load("a");
    private final ForwardTrace trace = new FixtureTrace(fixture);
    /** A vocabulary in which the word "w" is token 40 (not the argmax, 132). */
    private final TargetSelector selector = new TargetSelector(
            w -> w.equals("w") ? OptionalInt.of(40) : OptionalInt.empty(), id -> "tok" + id);

    private double[][] direct(int id) {
        return new LogProbIncrease(trace, FrozenNormUnembedding.of(trace), id).headAndLayerScores().heads().raw();
    }

    @Test
    void ownAnswerIsTheArgmaxAtRankOne() {
        TargetHeads t = TargetHeads.of(trace, selector, null);
        assertEquals(fixture.target(), t.answer().id());
        assertEquals(t.answer(), t.explained());
        assertEquals(1, t.standing().rank());
        double[][] want = direct(fixture.target());
        for (int l = 0; l < want.length; l++) {
            assertArrayEquals(want[l], t.heads().raw()[l], 0);
        }
    }

    @Test
    void aSharedWordIsExplainedWithItsRankInThisPass() {
        TargetHeads t = TargetHeads.of(trace, selector, "w");
        assertEquals(fixture.target(), t.answer().id(), "the pass's own answer is still reported");
        assertEquals(40, t.explained().id());
        assertEquals(TopK.rank(trace.logits(), 40), t.standing().rank());
        double[][] want = direct(40);
        for (int l = 0; l < want.length; l++) {
            assertArrayEquals(want[l], t.heads().raw()[l], 0);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TargetHeads.of(trace, selector, "purple"));
        assertEquals("target 'purple' is not a single token of this model's vocabulary", e.getMessage());
    }

    @Test
    void meanAndOverlap() {
        double[][] a = { { 1, 2 }, { 3, 4 } };
        double[][] b = { { 3, 2 }, { -1, 0 } };
        double[][] m = HeadScores.mean(List.of(new HeadScores(a), new HeadScores(b))).raw();
        assertArrayEquals(new double[] { 2, 2 }, m[0], 0);
        assertArrayEquals(new double[] { 1, 2 }, m[1], 0);
        assertThrows(IllegalArgumentException.class,
                () -> HeadScores.mean(List.of(new HeadScores(a), new HeadScores(new double[][] { { 1 } }))));
        assertEquals(2, TargetHeads.overlap(List.of(new HeadId(0, 1), new HeadId(2, 5), new HeadId(1, 1)),
                List.of(new HeadId(2, 5), new HeadId(3, 3), new HeadId(0, 1))));
    }
}
