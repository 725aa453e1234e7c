package org.llavalens.attribution.result;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.llavalens.attribution.HeadAggregation;
import org.llavalens.attribution.HeadId;
import org.llavalens.attribution.HeadScores;
import org.llavalens.attribution.ScoreVector;
import org.llavalens.attribution.method.MethodIds;
import org.llavalens.attribution.method.MethodOutput;

/**
 * What one attribution method produced for one case, as stored: the method id and the settings it
 * ran with, its scores, its cost, or the error that stopped it. Scores a method does not produce
 * are null; the maps are read-only.
 *
 * @param headScores     the [L][H] head scores
 * @param imageScores    scores over the image patches, row-major, as the heatmap draws them
 * @param positionScores per head, scores over every sequence position
 * @param arrays         further named score vectors (e.g. {@code layer_attn_scores} over layers)
 * @param millis         wall time of the computation
 * @param error          why the method failed, or null
 */
public record MethodResult(String methodId, String label, Map<String, String> settings, HeadScores headScores,
        ScoreVector imageScores, Map<HeadId, ScoreVector> positionScores, Map<String, ScoreVector> arrays,
        double millis, String error) {

    public MethodResult {
        settings = settings == null ? Map.of() : MethodOutput.readOnlyCopy(settings);
        positionScores = positionScores == null ? null : MethodOutput.readOnlyCopy(positionScores);
        arrays = arrays == null ? null : MethodOutput.readOnlyCopy(arrays);
    }

    /** A method's output with the settings it ran with. */
    public static MethodResult success(String methodId, String label, Map<String, String> settings,
            MethodOutput output, double millis) {
        return new MethodResult(methodId, label, settings, output.headScores(), output.imageScores(),
                output.positionScores(), output.arrays(), millis, null);
    }

    public static MethodResult failure(String methodId, String label, Map<String, String> settings, double millis,
            String error) {
        return new MethodResult(methodId, label, settings, null, null, null, null, millis, error);
    }

    public boolean failed() {
        return error != null;
    }

    /** The head scores, when the method scored heads. */
    public Optional<HeadScores> heads() {
        return Optional.ofNullable(headScores);
    }

    /** The image scores, when the method scored the patches. */
    public Optional<ScoreVector> image() {
        return Optional.ofNullable(imageScores);
    }

    /** A named further array, when the method kept it. */
    public Optional<ScoreVector> array(String name) {
        return arrays == null ? Optional.empty() : Optional.ofNullable(arrays.get(name));
    }

    /** The position scores keyed by head, in the order the method kept them (empty when none). */
    public Map<HeadId, ScoreVector> positionsByHead() {
        return positionScores == null ? Map.of() : positionScores;
    }

    /**
     * The head choice the image map was made with and the heads it summed, as recorded in the
     * settings; empty when the method records none, or a result of another version spells them
     * otherwise.
     */
    public Optional<AggregatedHeads> aggregatedHeads() {
        String spec = settings.get(MethodIds.HEADS);
        String used = settings.get(MethodIds.HEADS_USED);
        if (spec == null || used == null || used.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new AggregatedHeads(HeadAggregation.parse(spec),
                    Arrays.stream(used.split(",")).map(HeadId::parse).toList()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A head choice and the heads it picked. */
    public record AggregatedHeads(HeadAggregation aggregation, List<HeadId> heads) {
    }
}
