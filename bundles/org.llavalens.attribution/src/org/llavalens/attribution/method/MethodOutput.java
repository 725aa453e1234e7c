package org.llavalens.attribution.method;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.llavalens.attribution.HeadId;
import org.llavalens.attribution.HeadScores;
import org.llavalens.attribution.ScoreVector;

/**
 * The raw output of one method run; see {@link org.llavalens.attribution.result.MethodResult} for
 * the meaning of each part. {@code settings} are values the method worked out while computing (the
 * heads it summed, say), recorded beside the settings it was given. Start from
 * {@link #ofHeads} or {@link #ofImage} and add the rest with the {@code with} methods.
 */
public record MethodOutput(Map<String, String> settings, HeadScores headScores, ScoreVector imageScores,
        Map<HeadId, ScoreVector> positionScores, Map<String, ScoreVector> arrays) {

    public MethodOutput {
        settings = settings == null ? Map.of() : readOnlyCopy(settings);
        positionScores = positionScores == null ? null : readOnlyCopy(positionScores);
        arrays = arrays == null ? null : readOnlyCopy(arrays);
    }

    /** Head scores, and nothing else yet. */
    public static MethodOutput ofHeads(HeadScores heads) {
        return new MethodOutput(Map.of(), heads, null, null, null);
    }

    /** Scores over the image patches (null for none: the input has no image), and nothing else yet. */
    public static MethodOutput ofImage(double[] patchScores) {
        return new MethodOutput(Map.of(), null, patches(patchScores), null, null);
    }

    /** Named further score vectors, and nothing else yet. */
    public static MethodOutput ofArrays(Map<String, ScoreVector> named) {
        return new MethodOutput(Map.of(), null, null, null, named);
    }

    /** Scores over the positions by head, and nothing else yet. */
    public static MethodOutput ofPositions(Map<HeadId, ScoreVector> byHead) {
        return new MethodOutput(Map.of(), null, null, byHead, null);
    }

    /** @param patchScores scores over the image patches, row-major; null for none */
    public MethodOutput withImage(double[] patchScores) {
        return new MethodOutput(settings, headScores, patches(patchScores), positionScores, arrays);
    }

    public MethodOutput withPositions(Map<HeadId, ScoreVector> byHead) {
        return new MethodOutput(settings, headScores, imageScores, byHead, arrays);
    }

    public MethodOutput withArrays(Map<String, ScoreVector> named) {
        return new MethodOutput(settings, headScores, imageScores, positionScores, named);
    }

    /** Records values the method worked out; they join the settings it was given. */
    public MethodOutput withSettings(Map<String, String> worked) {
        return new MethodOutput(worked, headScores, imageScores, positionScores, arrays);
    }

    private static ScoreVector patches(double[] scores) {
        return scores == null ? null : ScoreVector.overPatches(scores);
    }

    /** An insertion-ordered, read-only copy (Map.copyOf would lose the order the method kept). */
    public static <K, V> Map<K, V> readOnlyCopy(Map<K, V> m) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }
}
