package org.llavalens.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.llavalens.attribution.result.AttributionRecord;
import org.llavalens.attribution.result.MethodResult;
import org.llavalens.runtime.io.NpyArray;

/**
 * A result record's arrays as NumPy files, by method id and name: {@code head_scores} [L, H],
 * {@code image_scores} [P], {@code position_<layer>_<head>} [T], or any of the method's further
 * arrays (e.g. {@code layer_attn_scores}) [n]. Float64, as the record holds them.
 */
final class RecordArrays {

    private RecordArrays() {
    }

    static byte[] npy(AttributionRecord record, String methodId, String name) {
        MethodResult m = record.method(methodId).orElseThrow(() -> HostProblem.notFound("no method '" + methodId
                + "' in this result; it has " + record.methods().stream().map(MethodResult::methodId).toList()));
        NpyArray array = switch (name) {
            case "head_scores" -> heads(m.headScores());
            case "image_scores" -> m.imageScores() == null ? null : NpyArray.ofDoubles(m.imageScores(),
                    m.imageScores().length);
            default -> name.startsWith("position_") ? vector(m.positionScores(), name.substring(9))
                    : vector(m.arrays(), name);
        };
        if (array == null) {
            throw HostProblem.notFound("method '" + methodId + "' has no array '" + name + "'");
        }
        try {
            Path tmp = Files.createTempFile("llavalens-array", ".npy");
            try {
                array.write(tmp);
                return Files.readAllBytes(tmp);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static NpyArray heads(double[][] scores) {
        if (scores == null) {
            return null;
        }
        int layers = scores.length;
        int heads = layers == 0 ? 0 : scores[0].length;
        double[] flat = new double[layers * heads];
        for (int l = 0; l < layers; l++) {
            System.arraycopy(scores[l], 0, flat, l * heads, heads);
        }
        return NpyArray.ofDoubles(flat, layers, heads);
    }

    private static NpyArray vector(Map<String, double[]> arrays, String key) {
        double[] v = arrays == null ? null : arrays.get(key);
        return v == null ? null : NpyArray.ofDoubles(v, v.length);
    }
}
