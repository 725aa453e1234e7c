package org.llavalens.attribution;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.llavalens.attribution.baseline.AverageAttention;
import org.llavalens.attribution.projection.EmbeddingProjection;
import org.llavalens.attribution.projection.LogitLens;
import org.llavalens.attribution.projection.TokenScore;
import org.llavalens.runtime.io.NpyArray;
import org.llavalens.runtime.trace.ForwardTrace;

/**
 * The attribution arrays of the reference fixtures, under the fixtures' names and meanings (see
 * fixtures/a/README.md, "Attribution arrays"), as .npy files: the hook {@code ./llavalens trace} calls
 * so its output can be compared with Hugging Face's array by array.
 *
 * <p>position_scores covers every head only while that stays cheap (L x H x T vectors through the
 * unembedding; at 7B that would be ~600k vectors, hours of CPU). Beyond {@link #ALL_HEADS_BUDGET}
 * vectors it covers the top {@link #TOP_HEADS} heads by S and says which in
 * {@code position_scores_heads} ([K, 2] layer, head).
 */
public final class AttributionArrays {

    public static final int ALL_HEADS_BUDGET = 50_000;
    public static final int TOP_HEADS = 8;

    private AttributionArrays() {
    }

    /** Writes every array into {@code dir}; returns the files by array name. */
    public static Map<String, Path> writeAll(ForwardTrace trace, int target, Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, Path> out = new LinkedHashMap<>();
        int layers = trace.model().numLayers();
        int heads = trace.model().numHeads();
        int t = trace.sequenceLength();
        FrozenNormUnembedding u = FrozenNormUnembedding.of(trace);
        LogProbIncrease engine = new LogProbIncrease(trace, u, target);
        LogProbIncrease.HeadAndLayerScores hl = engine.headAndLayerScores();
        write(out, dir, "head_scores", NpyArray.ofDoubles(flatten(hl.heads().raw()), layers, heads));
        write(out, dir, "layer_attn_scores", NpyArray.ofDoubles(hl.layers().attention(), layers));
        write(out, dir, "layer_mlp_scores", NpyArray.ofDoubles(hl.layers().mlp(), layers));

        List<HeadId> wanted = new ArrayList<>();
        boolean all = (long) layers * heads * t <= ALL_HEADS_BUDGET;
        if (all) {
            for (int l = 0; l < layers; l++) {
                for (int h = 0; h < heads; h++) {
                    wanted.add(new HeadId(l, h));
                }
            }
        } else {
            wanted.addAll(hl.heads().top(TOP_HEADS));
        }
        Map<HeadId, double[]> pos = engine.positionScores(wanted, null);
        double[] flat = new double[wanted.size() * t];
        long[] which = new long[wanted.size() * 2];
        for (int i = 0; i < wanted.size(); i++) {
            System.arraycopy(pos.get(wanted.get(i)), 0, flat, i * t, t);
            which[2 * i] = wanted.get(i).layer();
            which[2 * i + 1] = wanted.get(i).head();
        }
        write(out, dir, "position_scores", all ? NpyArray.ofDoubles(flat, layers, heads, t)
                : NpyArray.ofDoubles(flat, wanted.size(), t));
        write(out, dir, "position_scores_heads", NpyArray.ofLongs(which, wanted.size(), 2));

        if (trace.imageSpan().isPresent()) {
            double[] avg = AverageAttention.imageScores(trace);
            write(out, dir, "avg_attention_image", NpyArray.ofDoubles(avg, avg.length));
        }

        float[][] xs = new float[layers + 1][];
        for (int l = 0; l < layers; l++) {
            xs[l] = trace.layerInput(l);
        }
        xs[layers] = trace.finalResidual();
        List<List<TokenScore>> lens = new LogitLens(u).topK(xs, 5);
        write(out, dir, "logit_lens_top5", NpyArray.ofLongs(ids(lens), layers + 1, 5));

        if (trace.imageFeatures().isPresent()) {
            float[][] features = trace.imageFeatures().get();
            List<List<TokenScore>> e = new EmbeddingProjection(trace.embedding()).topK(features, 5,
                    Similarity.DOT);
            write(out, dir, "embed_proj_top5", NpyArray.ofLongs(ids(e), features.length, 5));
            double[] scores = new double[features.length * 5];
            for (int k = 0; k < features.length; k++) {
                for (int r = 0; r < 5; r++) {
                    scores[k * 5 + r] = e.get(k).get(r).score();
                }
            }
            write(out, dir, "embed_proj_scores", NpyArray.ofDoubles(scores, features.length, 5));
        }
        return out;
    }

    private static void write(Map<String, Path> out, Path dir, String name, NpyArray array) {
        Path file = dir.resolve(name + ".npy");
        array.write(file);
        out.put(name, file);
    }

    private static long[] ids(List<List<TokenScore>> rows) {
        long[] ids = new long[rows.size() * 5];
        for (int i = 0; i < rows.size(); i++) {
            for (int r = 0; r < 5; r++) {
                ids[i * 5 + r] = rows.get(i).get(r).id();
            }
        }
        return ids;
    }

    private static double[] flatten(double[][] m) {
        double[] out = new double[m.length * (m.length == 0 ? 0 : m[0].length)];
        for (int i = 0; i < m.length; i++) {
            System.arraycopy(m[i], 0, out, i * m[i].length, m[i].length);
        }
        return out;
    }
}
