package org.llavalens.attribution.report;

import java.util.List;

import org.llavalens.attribution.HeadAggregation;
import org.llavalens.attribution.method.MethodContext;
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
     * What every method is given: the image map's heads and the normalisation as the shared typed
     * choices, and the user's parameter texts, which each method reads typed against its declared
     * parameters.
     */
    public MethodContext.Choices methodChoices() {
        return new MethodContext.Choices(heads, style.normalization(), methods.settings());
    }
}
