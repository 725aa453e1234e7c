package org.llavalens.runtime.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The capture options: all-position logits are opt-in and survive union. */
class CaptureSpecTest {

    @Test
    void allLogitsIsOffUnlessAskedFor() {
        assertFalse(CaptureSpec.MINIMAL.allLogits());
        assertFalse(CaptureSpec.ATTRIBUTION.allLogits());
        assertFalse(CaptureSpec.FULL.allLogits());
        assertFalse(new CaptureSpec(true, true).allLogits());
        assertFalse(new CaptureSpec(true, true, true).allLogits());
    }

    @Test
    void withAllLogitsKeepsTheRest() {
        assertEquals(new CaptureSpec(true, false, false, true), CaptureSpec.ATTRIBUTION.withAllLogits());
        assertEquals(new CaptureSpec(true, true, true, true), CaptureSpec.FULL.withAllLogits());
    }

    @Test
    void unionKeepsAllLogitsFromEitherSide() {
        CaptureSpec logitsOnly = CaptureSpec.MINIMAL.withAllLogits();
        assertTrue(logitsOnly.union(CaptureSpec.ATTRIBUTION).allLogits());
        assertTrue(CaptureSpec.ATTRIBUTION.union(logitsOnly).allLogits());
        assertEquals(new CaptureSpec(true, false, false, true), CaptureSpec.ATTRIBUTION.union(logitsOnly));
        assertFalse(CaptureSpec.ATTRIBUTION.union(CaptureSpec.FULL).allLogits());
    }
}
