package org.llavalens.attribution.method;

import java.util.Map;
import java.util.Optional;

import org.llavalens.attribution.FrozenNormUnembedding;
import org.llavalens.attribution.HeadAggregation;
import org.llavalens.attribution.ScoreNormalization;
import org.llavalens.attribution.TargetToken;
import org.llavalens.runtime.trace.ForwardTrace;
import org.llavalens.runtime.trace.ImageAblation;

/**
 * Everything a method may read: the trace of one forward pass, the target token, the shared choices
 * (the image map's heads, the normalisation) and each declared parameter's typed value, and, when
 * the model is loaded, the means to rerun it ({@link ImageAblation}). The frozen-norm unembedding
 * is built once and shared by all methods of a run.
 */
public final class MethodContext {

    /**
     * The choices every method of a run is given.
     *
     * @param heads         the image map's head choice
     * @param normalization how scores are normalised for display
     * @param parameters    the text of the parameters the user set, by key; each method reads the
     *                      ones it declares, typed, through {@link MethodContext#value}
     */
    public record Choices(HeadAggregation heads, ScoreNormalization normalization, Map<String, String> parameters) {

        /** The top head's map, min-max normalisation, every parameter at its default. */
        public static final Choices DEFAULTS = new Choices(HeadAggregation.TOP1, ScoreNormalization.MIN_MAX, Map.of());

        public Choices {
            if (heads == null || normalization == null) {
                throw new IllegalArgumentException("a method context needs a head choice and a normalisation");
            }
            parameters = Map.copyOf(parameters);
        }

        /** These heads, the defaults otherwise. */
        public static Choices ofHeads(HeadAggregation heads) {
            return new Choices(heads, ScoreNormalization.MIN_MAX, Map.of());
        }
    }

    private final ForwardTrace trace;
    private final TargetToken target;
    private final Choices choices;
    private final ImageAblation ablation;
    private FrozenNormUnembedding unembedding;

    public MethodContext(ForwardTrace trace, TargetToken target, Choices choices, ImageAblation ablation) {
        this.trace = trace;
        this.target = target;
        this.choices = choices;
        this.ablation = ablation;
    }

    public ForwardTrace trace() {
        return trace;
    }

    public TargetToken target() {
        return target;
    }

    /** The image map's head choice. */
    public HeadAggregation heads() {
        return choices.heads();
    }

    public ScoreNormalization normalization() {
        return choices.normalization();
    }

    /**
     * The value of a parameter the method declares: what the user set, read as the parameter says,
     * or its default.
     *
     * @throws IllegalArgumentException one line naming the parameter when the user's text is no value of it
     */
    public <T> T value(MethodParameter<T> parameter) {
        String text = choices.parameters().get(parameter.key());
        return text == null ? parameter.defaultValue() : parameter.parse(text);
    }

    /** Reruns of the model with patches replaced; empty when only a trace is available. */
    public Optional<ImageAblation> ablation() {
        return Optional.ofNullable(ablation);
    }

    public synchronized FrozenNormUnembedding unembedding() {
        if (unembedding == null) {
            unembedding = FrozenNormUnembedding.of(trace);
        }
        return unembedding;
    }
}
