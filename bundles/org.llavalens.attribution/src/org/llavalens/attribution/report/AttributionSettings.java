package org.llavalens.attribution.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.llavalens.attribution.HeadAggregation;
import org.llavalens.attribution.method.builtin.AverageAttentionMethod;
import org.llavalens.attribution.method.builtin.LogProbIncreaseMethod;
import org.llavalens.attribution.render.HeatmapStyle;

/**
 * What the attribution of a case needs to know: the methods and their settings, the image map's
 * head choice, the heatmap style (its normalisation is the methods' too), and the token tables. The
 * analysis holds it beside what only the analysis knows (answer length, pre-processing, capture).
 */
public record AttributionSettings(MethodSelection methods, HeadAggregation heads, HeatmapStyle style,
        TokenTableChoices tables) {

    /** The paper's method and the average-attention baseline. */
    public static final List<String> DEFAULT_METHODS = List.of(LogProbIncreaseMethod.ID, AverageAttentionMethod.ID);

    public AttributionSettings {
        if (methods == null || heads == null || style == null || tables == null) {
            throw new IllegalArgumentException("attribution settings need methods, a head choice, a style and tables");
        }
    }

    /** These methods with their defaults, the top head's map, the default style, tables of the last position. */
    public static AttributionSettings of(List<String> methodIds) {
        return new AttributionSettings(MethodSelection.of(methodIds), HeadAggregation.TOP1, HeatmapStyle.DEFAULT,
                TokenTableChoices.LAST_POSITION);
    }

    /** {@link #of} the default methods. */
    public static AttributionSettings defaults() {
        return of(DEFAULT_METHODS);
    }

    /** Other methods, the method settings kept. */
    public AttributionSettings withMethods(List<String> ids) {
        return new AttributionSettings(new MethodSelection(ids, methods.settings()), heads, style, tables);
    }

    /**
     * The settings every method is given: the user's method settings, then the shared choices (the
     * image map's heads and the normalisation) that the built-in method reads.
     */
    public Map<String, String> methodSettings() {
        Map<String, String> m = new LinkedHashMap<>(methods.settings());
        m.put(LogProbIncreaseMethod.HEADS, heads.toString());
        m.put(LogProbIncreaseMethod.NORMALIZATION, style.normalization().id());
        return m;
    }
}
