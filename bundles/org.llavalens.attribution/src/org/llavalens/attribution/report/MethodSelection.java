package org.llavalens.attribution.report;

import java.util.List;
import java.util.Map;

/**
 * Which attribution methods run, in order, and the settings given to them (each method reads the
 * keys it declares).
 */
public record MethodSelection(List<String> ids, Map<String, String> settings) {

    public MethodSelection {
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("an analysis needs an attribution method");
        }
        ids = List.copyOf(ids);
        settings = Map.copyOf(settings);
    }

    /** These methods with their default settings. */
    public static MethodSelection of(List<String> ids) {
        return new MethodSelection(ids, Map.of());
    }
}
