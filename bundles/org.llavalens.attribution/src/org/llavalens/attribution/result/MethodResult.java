package org.llavalens.attribution.result;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.llavalens.attribution.HeadAggregation;
import org.llavalens.attribution.HeadId;
import org.llavalens.attribution.HeadScores;
import org.llavalens.attribution.method.MethodIds;

/**
 * What one attribution method produced for one case, as stored: the method id and the settings it
 * ran with, its raw arrays, its cost, or the error that stopped it. Arrays a method does not
 * produce are null.
 *
 * @param headScores     [L][H] head scores
 * @param imageScores    [P] scores of the image patches, row-major, as the heatmap draws them
 * @param positionScores per head ({@code layer_head}) scores over every sequence position [T]
 * @param arrays         further named arrays (e.g. {@code layer_attn_scores})
 * @param millis         wall time of the computation
 * @param error          why the method failed, or null
 */
public record MethodResult(String methodId, String label, Map<String, String> settings, double[][] headScores,
        double[] imageScores, Map<String, double[]> positionScores, Map<String, double[]> arrays, double millis,
        String error) {

    public boolean failed() {
        return error != null;
    }

    /** The head scores as a typed grid, when the method scored heads. */
    public Optional<HeadScores> heads() {
        return headScores == null ? Optional.empty() : Optional.of(new HeadScores(headScores));
    }

    /**
     * The head choice the image map was made with and the heads it summed, as recorded in the
     * settings; empty when the method records none, or a result of another version spells them
     * otherwise.
     */
    public Optional<AggregatedHeads> aggregatedHeads() {
        String spec = settings == null ? null : settings.get(MethodIds.HEADS);
        String used = settings == null ? null : settings.get(MethodIds.HEADS_USED);
        if (spec == null || used == null || used.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new AggregatedHeads(HeadAggregation.parse(spec),
                    java.util.Arrays.stream(used.split(",")).map(HeadId::parse).toList()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A head choice and the heads it picked. */
    public record AggregatedHeads(HeadAggregation aggregation, java.util.List<HeadId> heads) {
    }

    /** The position scores keyed by head, in the order the method kept them (empty when none). */
    public Map<HeadId, double[]> positionsByHead() {
        Map<HeadId, double[]> out = new LinkedHashMap<>();
        if (positionScores != null) {
            positionScores.forEach((name, s) -> out.put(HeadId.parse(name), s));
        }
        return Collections.unmodifiableMap(out);
    }

    public static MethodResult failure(String methodId, String label, Map<String, String> settings, double millis,
            String error) {
        return new MethodResult(methodId, label, settings, null, null, null, null, millis, error);
    }
}
