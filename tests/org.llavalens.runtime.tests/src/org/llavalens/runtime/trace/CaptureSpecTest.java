package org.llavalens.runtime.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The capture options: all-position logits are opt-in and survive union; hooks carry TransformerLens names. */
class CaptureSpecTest {

    @Test
    void lastPositionHooksAreAlwaysKept() {
        for (HookPoint h : HookPoint.values()) {
            assertEquals(h.positions() == HookPoint.Positions.LAST, CaptureSpec.MINIMAL.has(h), h.toString());
        }
        assertEquals(CaptureSpec.MINIMAL, new CaptureSpec(java.util.Set.of()));
    }

    @Test
    void hookNamesFollowTransformerLens() {
        assertEquals("blocks.3.hook_resid_pre", HookPoint.RESID_PRE.name(3));
        assertEquals("blocks.0.attn.hook_v", HookPoint.V.name(0));
        assertEquals("blocks.12.attn.hook_pattern", HookPoint.PATTERN_HEAD_MEAN.name(12));
        assertEquals("logits", HookPoint.LOGITS_ALL.name(5));
    }

    @Test
    void readableAccessorsSayWhatIsAsked() {
        assertTrue(CaptureSpec.ATTRIBUTION.values());
        assertFalse(CaptureSpec.ATTRIBUTION.allPositions());
        assertTrue(CaptureSpec.FULL.allPositions());
        assertTrue(CaptureSpec.FULL.attentionMatrices());
        assertFalse(CaptureSpec.of(HookPoint.RESID_PRE_ALL).allPositions(), "all positions means all three hooks");
    }

    @Test
    void allLogitsIsOffUnlessAskedFor() {
        assertFalse(CaptureSpec.MINIMAL.allLogits());
        assertFalse(CaptureSpec.ATTRIBUTION.allLogits());
        assertFalse(CaptureSpec.FULL.allLogits());
        assertFalse(CaptureSpec.ATTRIBUTION.union(CaptureSpec.ALL_POSITIONS).allLogits());
        assertFalse(CaptureSpec.ATTRIBUTION.union(CaptureSpec.ALL_POSITIONS).with(HookPoint.PATTERN_HEAD_MEAN).allLogits());
    }

    @Test
    void withAllLogitsKeepsTheRest() {
        assertEquals(CaptureSpec.of(HookPoint.V, HookPoint.LOGITS_ALL), CaptureSpec.ATTRIBUTION.withAllLogits());
        assertEquals(CaptureSpec.of(HookPoint.V, HookPoint.RESID_PRE_ALL, HookPoint.ATTN_OUT_ALL, HookPoint.MLP_OUT_ALL,
                HookPoint.PATTERN_HEAD_MEAN, HookPoint.LOGITS_ALL), CaptureSpec.FULL.withAllLogits());
    }

    @Test
    void unionKeepsAllLogitsFromEitherSide() {
        CaptureSpec logitsOnly = CaptureSpec.MINIMAL.withAllLogits();
        assertTrue(logitsOnly.union(CaptureSpec.ATTRIBUTION).allLogits());
        assertTrue(CaptureSpec.ATTRIBUTION.union(logitsOnly).allLogits());
        assertEquals(CaptureSpec.of(HookPoint.V, HookPoint.LOGITS_ALL), CaptureSpec.ATTRIBUTION.union(logitsOnly));
        assertFalse(CaptureSpec.ATTRIBUTION.union(CaptureSpec.FULL).allLogits());
    }
}
