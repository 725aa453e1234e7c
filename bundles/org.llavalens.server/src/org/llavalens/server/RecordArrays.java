package org.llavalens.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.llavalens.attribution.HeadId;
import org.llavalens.attribution.HeadScores;
import org.llavalens.attribution.ScoreVector;
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
            case "image_scores" -> vector(m.imageScores());
            default -> name.startsWith("position_") ? vector(positions(m, name.substring(9)))
                    : vector(m.array(name).orElse(null));
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

    private static NpyArray heads(HeadScores scores) {
        if (scores == null) {
            return null;
        }
        int layers = scores.numLayers();
        int heads = scores.numHeads();
        double[] flat = new double[layers * heads];
        for (int l = 0; l < layers; l++) {
            System.arraycopy(scores.layer(l), 0, flat, l * heads, heads);
        }
        return NpyArray.ofDoubles(flat, layers, heads);
    }

    /** The position scores of the head written {@code layer_head}, or null when the name is no kept head. */
    private static ScoreVector positions(MethodResult m, String head) {
        try {
            return m.positionsByHead().get(HeadId.parse(head));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static NpyArray vector(ScoreVector v) {
        return v == null ? null : NpyArray.ofDoubles(v.toArray(), v.length());
    }
}
