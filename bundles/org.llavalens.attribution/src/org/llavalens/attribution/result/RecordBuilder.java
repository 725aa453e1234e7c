package org.llavalens.attribution.result;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.llavalens.attribution.FrozenNormUnembedding;
import org.llavalens.attribution.HeadAggregation;
import org.llavalens.attribution.TargetToken;
import org.llavalens.attribution.render.HeatmapStyle;
import org.llavalens.attribution.result.DisplaySettings.TableSettings;
import org.llavalens.runtime.image.CropGeometry;
import org.llavalens.runtime.trace.ForwardTrace;
import org.llavalens.runtime.trace.ImageSpan;

/** Assembles the self-describing record of one analysed case. */
public final class RecordBuilder {

    private RecordBuilder() {
    }

    /** Provenance from the trace (model identity, ids, image span) plus what only the caller knows. */
    public static Provenance provenance(ForwardTrace trace, String prompt, String imageHash, CropGeometry crop) {
        ImageSpan span = trace.imageSpan().orElse(null);
        return new Provenance(trace.model().modelId(), trace.model().weightsHash(), trace.model().dtype(), prompt,
                trace.inputIds(), imageHash, crop, span == null ? null : new int[] { span.start(), span.end() },
                span == null ? 0 : span.gridSide());
    }

    /** A record whose token tables were read the default way (dot similarity, last position only). */
    public static AttributionRecord build(ForwardTrace trace, Provenance provenance, TargetToken target,
            HeatmapStyle style, HeadAggregation heads, FrozenNormUnembedding unembedding, List<MethodResult> methods,
            Map<String, List<TokenRow>> tokenTables) {
        return build(trace, provenance, target, new DisplaySettings(style, heads, TableSettings.LAST_POSITION),
                unembedding, methods, tokenTables);
    }

    public static AttributionRecord build(ForwardTrace trace, Provenance provenance, TargetToken target,
            DisplaySettings display, FrozenNormUnembedding unembedding, List<MethodResult> methods,
            Map<String, List<TokenRow>> tokenTables) {
        return new AttributionRecord(AttributionRecord.FORMAT, Instant.now().toString(), provenance, target, display,
                UnembeddingParameters.of(unembedding), List.copyOf(methods), new LinkedHashMap<>(tokenTables),
                ForwardTimings.of(trace.timingsMillis()));
    }
}
