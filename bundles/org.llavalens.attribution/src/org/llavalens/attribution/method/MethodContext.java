package org.llavalens.attribution.method;

import java.util.Map;
import java.util.Optional;

import org.llavalens.attribution.FrozenNormUnembedding;
import org.llavalens.attribution.TargetToken;
import org.llavalens.runtime.trace.ForwardTrace;
import org.llavalens.runtime.trace.ImageAblation;

/**
 * Everything a method may read: the trace of one forward pass, the target token, the user's
 * settings, and, when the model is loaded, the means to rerun it ({@link ImageAblation}). The
 * frozen-norm unembedding is built once and shared by all methods of a run.
 */
public final class MethodContext {

    private final ForwardTrace trace;
    private final TargetToken target;
    private final Map<String, String> settings;
    private final ImageAblation ablation;
    private FrozenNormUnembedding unembedding;

    public MethodContext(ForwardTrace trace, TargetToken target, Map<String, String> settings, ImageAblation ablation) {
        this.trace = trace;
        this.target = target;
        this.settings = Map.copyOf(settings);
        this.ablation = ablation;
    }

    public ForwardTrace trace() {
        return trace;
    }

    public TargetToken target() {
        return target;
    }

    /** Settings for all methods; each method reads the keys it declares and records the values used. */
    public Map<String, String> settings() {
        return settings;
    }

    public String setting(String key, String fallback) {
        return settings.getOrDefault(key, fallback);
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
