package org.llavalens.attribution.result;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.llavalens.attribution.FrozenNormUnembedding;
import org.llavalens.attribution.TargetToken;
import org.llavalens.attribution.render.HeatmapStyle;
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

    public static AttributionRecord build(ForwardTrace trace, Provenance provenance, TargetToken target,
            HeatmapStyle style, String heads, FrozenNormUnembedding unembedding, List<MethodResult> methods,
            Map<String, List<TokenRow>> tokenTables) {
        return build(trace, provenance, target, style, heads, Map.of(), unembedding, methods, tokenTables);
    }

    /**
     * @param tableSettings how the token tables were read (e.g. {@code similarity}, {@code positions}),
     *                      recorded with the display settings
     */
    public static AttributionRecord build(ForwardTrace trace, Provenance provenance, TargetToken target,
            HeatmapStyle style, String heads, Map<String, String> tableSettings, FrozenNormUnembedding unembedding,
            List<MethodResult> methods, Map<String, List<TokenRow>> tokenTables) {
        Map<String, String> display = new LinkedHashMap<>(style.toSettings());
        display.put("heads", heads);
        display.putAll(tableSettings);
        Map<String, Double> u = new LinkedHashMap<>();
        u.put("meanSquare", unembedding.meanSquare());
        u.put("eps", unembedding.eps());
        return new AttributionRecord(AttributionRecord.FORMAT, Instant.now().toString(), provenance, target, display, u,
                List.copyOf(methods), new LinkedHashMap<>(tokenTables), new LinkedHashMap<>(trace.timingsMillis()));
    }
}
