package org.llavalens.attribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.IProgressMonitor;
import org.junit.jupiter.api.Test;
import org.llavalens.attribution.fixture.Fixture;
import org.llavalens.attribution.fixture.FixtureTrace;
import org.llavalens.attribution.fixture.PositionsMethod;
import org.llavalens.attribution.method.MethodContext;
import org.llavalens.attribution.method.MethodDescriptor;
import org.llavalens.attribution.method.MethodOutput;
import org.llavalens.attribution.method.MethodRegistry;
import org.llavalens.attribution.method.MethodRunner;
import org.llavalens.attribution.method.Produces;
import org.llavalens.attribution.method.builtin.AverageAttentionMethod;
import org.llavalens.attribution.method.builtin.CausalAblationMethod;
import org.llavalens.attribution.method.builtin.LogProbIncreaseMethod;
import org.llavalens.attribution.result.MethodResult;
import org.llavalens.runtime.trace.ForwardTrace;
import org.llavalens.runtime.trace.ImageAblation;

class MethodRegistryTest {

    private final Fixture fixture = Fixture.load("a");
    private final ForwardTrace trace = new FixtureTrace(fixture);
    private final TargetToken target = TargetSelector.idsOnly().argmax(trace);

    /** Inside OSGi the built-ins arrive through the extension point, like any plug-in's method. */
    @Test
    void builtInsAreContributedThroughTheExtensionPoint() {
        MethodRegistry r = MethodRegistry.fromPlatform();
        List<String> ids = r.list().stream().map(MethodDescriptor::id).toList();
        assertTrue(ids.containsAll(List.of(LogProbIncreaseMethod.ID, AverageAttentionMethod.ID, CausalAblationMethod.ID)), ids.toString());
        MethodDescriptor d = r.list().stream().filter(m -> m.id().equals(LogProbIncreaseMethod.ID)).findFirst().orElseThrow();
        assertEquals("org.llavalens.attribution", d.contributor());
        assertEquals(Produces.HEADS_AND_POSITIONS, d.produces());
        assertTrue(r.get(LogProbIncreaseMethod.ID) instanceof LogProbIncreaseMethod);
    }

    /** Broken contributions of another plug-in (this fragment's fragment.xml) do not break the run. */
    @Test
    void brokenPluginContributionsAreIsolated() {
        MethodRegistry r = MethodRegistry.fromPlatform();
        MethodContext ctx = new MethodContext(trace, target, MethodContext.Choices.DEFAULTS, null);
        List<MethodResult> results = new MethodRunner(r).run(
                List.of("test-missing-class", "test-nan", LogProbIncreaseMethod.ID), ctx, null);
        assertTrue(results.get(0).error().contains("test-missing-class cannot be loaded"), results.get(0).error());
        assertTrue(results.get(1).error().contains("NaN"), results.get(1).error());
        assertNull(results.get(2).error());
        assertTrue(r.problems().stream().anyMatch(p -> p.contains("test-missing-class")), r.problems().toString());
        assertThrows(IllegalStateException.class, () -> r.get("test-missing-class"));
    }

    @Test
    void withoutARegistryTheBuiltInsAreUsed() {
        MethodRegistry r = MethodRegistry.builtIns();
        assertEquals(List.of(LogProbIncreaseMethod.ID, AverageAttentionMethod.ID, CausalAblationMethod.ID),
                r.list().stream().map(MethodDescriptor::id).toList());
        assertThrows(IllegalArgumentException.class, () -> r.get("rollout"));
    }

    @Test
    void brokenMethodsAreIsolated() {
        MethodRegistry r = MethodRegistry.of(List.of(new Throwing(), new NaNScores(), new WrongLength(),
                new LogProbIncreaseMethod(), new AverageAttentionMethod(), new CausalAblationMethod()));
        MethodContext ctx = new MethodContext(trace, target, MethodContext.Choices.DEFAULTS, null);
        List<MethodResult> results = new MethodRunner(r).run(
                List.of("throws", "nan", "short", LogProbIncreaseMethod.ID, CausalAblationMethod.ID, AverageAttentionMethod.ID),
                ctx, null);
        assertEquals(6, results.size());
        assertEquals("boom", results.get(0).error());
        assertTrue(results.get(1).error().contains("NaN"), results.get(1).error());
        assertTrue(results.get(2).error().contains("3 image scores for 16 patches"), results.get(2).error());
        assertNull(results.get(3).error());
        assertNotNull(results.get(3).headScores());
        assertTrue(results.get(4).error().contains("only a trace"), results.get(4).error());
        assertFalse(results.get(5).failed());
        assertEquals(16, results.get(5).imageScores().length());
    }

    @Test
    void logProbIncreaseRecordsItsSettingsAndTheTopHeadMap() {
        MethodContext ctx = new MethodContext(trace, target, new MethodContext.Choices(HeadAggregation.parse("topK:2"), ScoreNormalization.POSITIVE_SHARE, Map.of()), null);
        MethodResult m = new MethodRunner(MethodRegistry.builtIns()).runOne(LogProbIncreaseMethod.ID, ctx, null);
        assertNull(m.error());
        assertEquals("topK:2", m.settings().get("heads"));
        assertEquals("share", m.settings().get("normalization"));
        assertEquals("1.0E-5", m.settings().get("eps"));
        String[] used = m.settings().get("headsUsed").split(",");
        assertEquals(2, used.length);
        double[] want = new double[16];
        for (String h : used) {
            double[] s = m.positionScores().get(HeadId.parse(h)).toArray();
            for (int k = 0; k < 16; k++) {
                want[k] += s[6 + k];
            }
        }
        assertArrayEquals(want, m.imageScores().toArray(), 1e-12);
        assertEquals(4, m.arrays().get("layer_attn_scores").length());
    }

    @Test
    void causalAblationScoresTheDropOfLogP() {
        ImageAblation fake = new ImageAblation() {
            @Override
            public double baselineLogProb(int t) {
                return -1.0;
            }

            @Override
            public double[] logProbWithPatchReplaced(int t, int[] patches, Replacement replacement, IProgressMonitor monitor) {
                assertEquals(Replacement.MEAN_IMAGE_FEATURE, replacement);
                double[] out = new double[patches.length];
                for (int i = 0; i < patches.length; i++) {
                    out[i] = -1.0 - 0.1 * patches[i];
                }
                return out;
            }
        };
        MethodContext ctx = new MethodContext(trace, target, new MethodContext.Choices(HeadAggregation.TOP1, ScoreNormalization.MIN_MAX, Map.of("replacement", "mean")), fake);
        MethodResult m = new MethodRunner(MethodRegistry.builtIns()).runOne(CausalAblationMethod.ID, ctx, null);
        assertNull(m.error());
        assertEquals(0.1 * 5, m.imageScores().get(5), 1e-12);
        assertEquals("mean", m.settings().get("replacement"));
        assertTrue(m.millis() >= 0);
    }

    private static final class Throwing extends PositionsMethod {
        @Override
        public String id() {
            return "throws";
        }

        @Override
        public MethodOutput compute(MethodContext context, IProgressMonitor monitor) {
            throw new IllegalStateException("boom");
        }
    }

    private static final class NaNScores extends PositionsMethod {
        @Override
        public String id() {
            return "nan";
        }

        @Override
        public MethodOutput compute(MethodContext context, IProgressMonitor monitor) {
            double[] s = new double[16];
            s[3] = Double.NaN;
            return MethodOutput.ofImage(s);
        }
    }

    private static final class WrongLength extends PositionsMethod {
        @Override
        public String id() {
            return "short";
        }

        @Override
        public MethodOutput compute(MethodContext context, IProgressMonitor monitor) {
            return MethodOutput.ofImage(new double[3]);
        }
    }
}
