package org.llavalens.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.junit.jupiter.api.Test;
import org.llavalens.attribution.fixture.Fixture;
import org.llavalens.attribution.fixture.FixtureTrace;
import org.llavalens.attribution.fixture.PositionsMethod;
import org.llavalens.attribution.method.MethodContext;
import org.llavalens.attribution.method.MethodOutput;
import org.llavalens.attribution.method.MethodRegistry;
import org.llavalens.attribution.method.MethodRunner;
import org.llavalens.attribution.method.builtin.AverageAttentionMethod;
import org.llavalens.attribution.method.builtin.LogProbIncreaseMethod;
import org.llavalens.attribution.result.MethodResult;
import org.llavalens.runtime.trace.ForwardTrace;

/** Hostile plugin methods: one that never returns, errors that are not exceptions, NaN in extra arrays. */
class MethodDeadlineTest {

    private final Fixture fixture = Fixture.load("a");
    private final ForwardTrace trace = new FixtureTrace(fixture);
    private final TargetToken target = TargetSelector.idsOnly().argmax(trace);

    /** Loops, deaf to its monitor and to interrupts, until the test lets it go (so it does not spin on). */
    private static final class Endless extends PositionsMethod {
        static volatile boolean release;

        @Override
        public String id() {
            return "endless";
        }

        @Override
        public MethodOutput compute(MethodContext context, IProgressMonitor monitor) {
            while (!release) {
                Thread.onSpinWait();
            }
            return MethodOutput.ofImage(new double[16]);
        }
    }

    private static final class Asserting extends PositionsMethod {
        @Override
        public String id() {
            return "asserts";
        }

        @Override
        public MethodOutput compute(MethodContext context, IProgressMonitor monitor) {
            throw new AssertionError("invariant broken");
        }
    }

    private static final class Recursing extends PositionsMethod {
        @Override
        public String id() {
            return "recurses";
        }

        private static int depth(int n) {
            return depth(n + 1) + 1;
        }

        @Override
        public MethodOutput compute(MethodContext context, IProgressMonitor monitor) {
            depth(0);
            return null;
        }
    }

    private static final class NaNArray extends PositionsMethod {
        @Override
        public String id() {
            return "nan-array";
        }

        @Override
        public MethodOutput compute(MethodContext context, IProgressMonitor monitor) {
            return MethodOutput.ofImage(new double[16]).withArrays(Map.of("extra", org.llavalens.attribution.ScoreVector.of(org.llavalens.attribution.ScoreVector.Axis.VALUES, new double[] {1, Double.NaN})));
        }
    }

    @Test
    void aLoopingMethodIsStoppedByItsDeadlineAndTheOthersFinish() {
        Endless.release = false;
        MethodRegistry r = MethodRegistry.of(List.of(new Endless(), new Asserting(), new Recursing(), new NaNArray(),
                new LogProbIncreaseMethod(), new AverageAttentionMethod()));
        MethodContext ctx = new MethodContext(trace, target, MethodContext.Choices.DEFAULTS, null);
        try {
            List<MethodResult> results = new MethodRunner(r, Duration.ofSeconds(1)).run(List.of("endless", "asserts",
                    "recurses", "nan-array", LogProbIncreaseMethod.ID, AverageAttentionMethod.ID), ctx, null);
            assertEquals(6, results.size());
            assertTrue(results.get(0).error().startsWith("did not finish within 1 s"), results.get(0).error());
            assertEquals("AssertionError: invariant broken", results.get(1).error());
            assertEquals("StackOverflowError", results.get(2).error());
            assertTrue(results.get(3).error().contains("array extra hold NaN"), results.get(3).error());
            assertFalse(results.get(4).failed());
            assertFalse(results.get(5).failed());
        } finally {
            Endless.release = true;
        }
    }

    @Test
    void cancelReachesAMethodThatNeverReturns() {
        Endless.release = false;
        MethodRegistry r = MethodRegistry.of(List.of(new Endless()));
        MethodContext ctx = new MethodContext(trace, target, MethodContext.Choices.DEFAULTS, null);
        NullProgressMonitor monitor = new NullProgressMonitor();
        Thread canceller = new Thread(() -> {
            // cancels once the method is running (its thread exists), as a user's Cancel button would
            while (Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("llavalens-method endless"))) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
            monitor.setCanceled(true);
        });
        canceller.start();
        try {
            assertThrows(OperationCanceledException.class,
                    () -> new MethodRunner(r, Duration.ofHours(1)).runOne("endless", ctx, monitor));
        } finally {
            Endless.release = true;
        }
    }
}
