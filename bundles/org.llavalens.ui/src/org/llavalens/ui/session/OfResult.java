package org.llavalens.ui.session;

import org.llavalens.attribution.result.AttributionRecord;

/**
 * Something a job computed from one result (a recomputed map, another table): shown only while that
 * result is the current case's, so a late answer for a case left meanwhile never shows on another.
 */
final class OfResult<T> {

    private record Held<T>(AttributionRecord record, T value) {
    }

    private volatile Held<T> held;

    /** The value if it was computed from {@code current}'s main record, else null. */
    T get(CaseResult current) {
        Held<T> h = held;
        return current != null && h != null && h.record() == current.main() ? h.value() : null;
    }

    void set(AttributionRecord record, T value) {
        held = new Held<>(record, value);
    }

    void clear() {
        held = null;
    }
}
