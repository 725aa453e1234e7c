package org.llavalens.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.llavalens.attribution.fixture.Fixture;
import org.llavalens.attribution.fixture.FixtureTrace;
import org.llavalens.attribution.method.MethodContext;
import org.llavalens.attribution.method.MethodParameter;
import org.llavalens.attribution.method.MethodRegistry;
import org.llavalens.attribution.method.MethodRunner;
import org.llavalens.attribution.method.builtin.CausalAblationMethod;
import org.llavalens.attribution.method.builtin.LogProbIncreaseMethod;
import org.llavalens.attribution.result.MethodResult;
import org.llavalens.runtime.trace.ForwardTrace;

/** Methods read typed parameters; a text that does not parse is one line naming the parameter. */
class MethodParameterTest {

    private final ForwardTrace trace = new FixtureTrace(Fixture.load("a"));
    private final TargetToken target = TargetSelector.idsOnly().argmax(trace);

    private MethodContext with(Map<String, String> parameters) {
        return new MethodContext(trace, target,
                new MethodContext.Choices(HeadAggregation.TOP1, ScoreNormalization.MIN_MAX, parameters), null);
    }

    @Test
    void aParameterReadsItsTextTypedAndFallsBackToItsDefault() {
        MethodParameter<Double> p = MethodParameter.ofDouble("x.weight", 0.5, "a weight");
        assertEquals(0.5, with(Map.of()).value(p));
        assertEquals(0.25, with(Map.of("x.weight", " 0.25 ")).value(p));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> with(Map.of("x.weight", "heavy")).value(p));
        assertTrue(e.getMessage().contains("x.weight='heavy'"), e.getMessage());
        assertEquals("0.25", p.format(p.parse("0.25")));
    }

    @Test
    void aBadParameterFailsItsMethodInOneLineNamingIt() {
        MethodResult m = new MethodRunner(MethodRegistry.builtIns()).runOne(CausalAblationMethod.ID,
                with(Map.of(CausalAblationMethod.REPLACEMENT, "sideways")), null);
        assertTrue(m.failed());
        assertTrue(m.error().contains("replacement='sideways'"), m.error());
        assertFalse(m.error().contains("\n"), m.error());
    }

    @Test
    void furtherPositionHeadsAreATypedHeadChoiceRecordedAsTyped() {
        MethodResult m = new MethodRunner(MethodRegistry.builtIns()).runOne(LogProbIncreaseMethod.ID,
                with(Map.of(LogProbIncreaseMethod.EXTRA_HEADS, "topK:3")), null);
        assertNull(m.error());
        assertEquals("topK:3", m.settings().get(LogProbIncreaseMethod.EXTRA_HEADS));
        HeadScores heads = m.heads().orElseThrow();
        assertEquals(heads.top(3), java.util.List.copyOf(m.positionsByHead().keySet()),
                "the top head's map plus the top 3 kept, in rank order");
    }

    @Test
    void theEdgesRefuseABadTextBeforeAnyWorkAndLeaveOtherMethodsKeysAlone() {
        MethodRegistry builtIns = MethodRegistry.builtIns();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> builtIns.checkParameters(
                java.util.List.of(CausalAblationMethod.ID), Map.of(CausalAblationMethod.REPLACEMENT, "sideways")));
        assertTrue(e.getMessage().contains("replacement='sideways'"), e.getMessage());
        builtIns.checkParameters(java.util.List.of(LogProbIncreaseMethod.ID),
                Map.of(CausalAblationMethod.REPLACEMENT, "sideways", "rollout.residual", "0.3"));
    }
}
