package org.llavalens.attribution.result;

import java.util.List;
import java.util.Optional;

import org.llavalens.attribution.TargetToken;

/**
 * A self-describing attribution result: provenance, the target token, the display choices
 * (normalisation, head aggregation, colormap) and the raw output of every method that ran. Saved
 * as JSON by {@link ResultJson}; a heatmap re-rendered from a loaded record is the one the case was
 * labelled on.
 *
 * @param format      the JSON layout version
 * @param display     display settings (e.g. {@code normalization}, {@code heads}, {@code colormap})
 * @param unembedding how vectors were read as tokens (frozen m, eps)
 * @param tokenTables logit-lens and embedding-space tables by name (e.g. {@code logit_lens})
 */
public record AttributionRecord(int format, String createdAt, Provenance provenance, TargetToken target,
        java.util.Map<String, String> display, java.util.Map<String, Double> unembedding,
        List<MethodResult> methods, java.util.Map<String, List<TokenRow>> tokenTables,
        java.util.Map<String, Double> forwardTimingsMillis) {

    public static final int FORMAT = 1;

    public Optional<MethodResult> method(String id) {
        return methods.stream().filter(m -> m.methodId().equals(id)).findFirst();
    }
}
