package org.llavalens.attribution.result;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.llavalens.attribution.TargetToken;

/**
 * A self-describing attribution result: provenance, the target token, the display choices
 * (normalisation, head aggregation, colormap, token-table reading) and the output of every method
 * that ran. Saved as JSON by {@link ResultJson} (layout: docs/result-format.md); a heatmap re-rendered
 * from a loaded record is the one the case was labelled on.
 *
 * @param format         the JSON layout version the record was read from or will be written in
 * @param unembedding    how vectors were read as tokens (frozen m, eps)
 * @param tokenTables    logit-lens and embedding-space tables by name (e.g. {@code logit_lens})
 * @param forwardTimings wall time of the forward pass by stage
 */
public record AttributionRecord(int format, String createdAt, Provenance provenance, TargetToken target,
        DisplaySettings display, UnembeddingParameters unembedding, List<MethodResult> methods,
        Map<String, List<TokenRow>> tokenTables, ForwardTimings forwardTimings) {

    /** The layout this version writes; it reads this one and every earlier one. */
    public static final int FORMAT = 2;

    public Optional<MethodResult> method(String id) {
        return methods.stream().filter(m -> m.methodId().equals(id)).findFirst();
    }

    /** The same record in the current layout (what a rewrite of a read format-1 file stores). */
    public AttributionRecord inCurrentFormat() {
        return new AttributionRecord(FORMAT, createdAt, provenance, target, display, unembedding, methods, tokenTables,
                forwardTimings);
    }
}
