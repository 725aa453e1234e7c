package org.llavalens.attribution.result;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.llavalens.attribution.HeadId;
import org.llavalens.attribution.HeadScores;
import org.llavalens.attribution.ScoreVector;
import org.llavalens.attribution.TargetToken;

/**
 * The layout of format 1 (before typed results): bare arrays whose shapes lived in Javadoc,
 * position scores keyed {@code layer_head}, display settings as a text map. Read only, and turned
 * into the typed record at once.
 */
record FormatOneRecord(int format, String createdAt, Provenance provenance, TargetToken target,
        Map<String, String> display, Map<String, Double> unembedding, List<Method> methods,
        Map<String, List<TokenRow>> tokenTables, Map<String, Double> forwardTimingsMillis) {

    /** The per-layer arrays format 1 stored under these names (method.md §2). */
    private static final Set<String> LAYER_ARRAYS = Set.of("layer_attn_scores", "layer_mlp_scores",
            "reference_logprob");

    record Method(String methodId, String label, Map<String, String> settings, double[][] headScores,
            double[] imageScores, Map<String, double[]> positionScores, Map<String, double[]> arrays, double millis,
            String error) {

        MethodResult typed() {
            Map<HeadId, ScoreVector> positions = null;
            if (positionScores != null) {
                positions = new LinkedHashMap<>();
                for (Map.Entry<String, double[]> e : positionScores.entrySet()) {
                    positions.put(HeadId.parse(e.getKey()), ScoreVector.overPositions(e.getValue()));
                }
            }
            Map<String, ScoreVector> named = null;
            if (arrays != null) {
                named = new LinkedHashMap<>();
                for (Map.Entry<String, double[]> e : arrays.entrySet()) {
                    named.put(e.getKey(), ScoreVector.of(LAYER_ARRAYS.contains(e.getKey()) ? ScoreVector.Axis.LAYERS
                            : ScoreVector.Axis.VALUES, e.getValue()));
                }
            }
            return new MethodResult(methodId, label, settings, headScores == null ? null : new HeadScores(headScores),
                    imageScores == null ? null : ScoreVector.overPatches(imageScores), positions, named, millis, error);
        }
    }

    /** The typed record, still saying it was read from format 1. */
    AttributionRecord typed() {
        DisplaySettings typedDisplay = DisplaySettings.fromText(display == null ? Map.of() : display);
        UnembeddingParameters u = unembedding == null ? null
                : new UnembeddingParameters(unembedding.getOrDefault("meanSquare", Double.NaN),
                        unembedding.getOrDefault("eps", Double.NaN));
        return new AttributionRecord(format, createdAt, provenance, target, typedDisplay, u,
                methods.stream().map(Method::typed).toList(), tokenTables,
                forwardTimingsMillis == null ? ForwardTimings.NONE : ForwardTimings.of(forwardTimingsMillis));
    }
}
