package org.llavalens.attribution.method;

import java.util.Map;

/**
 * The raw output of one method run; see {@link org.llavalens.attribution.result.MethodResult} for
 * the meaning of each array. {@code settings} are the values the method actually used (defaults
 * included), so the stored result says how it was made.
 */
public record MethodOutput(Map<String, String> settings, double[][] headScores, double[] imageScores,
        Map<String, double[]> positionScores, Map<String, double[]> arrays) {
}
