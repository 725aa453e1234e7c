package org.llavalens.attribution.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import org.llavalens.attribution.FrozenNormUnembedding;
import org.llavalens.attribution.HeadId;
import org.llavalens.attribution.projection.EmbeddingProjection;
import org.llavalens.attribution.projection.LogitLens;
import org.llavalens.attribution.projection.TokenScore;
import org.llavalens.attribution.result.TokenRow;
import org.llavalens.runtime.trace.ForwardTrace;

/**
 * The token tables of a report (method.md §3): the logit lens over the residual stream at the last
 * position (x^l_T for every layer, and x^L_T), over the top heads' outputs, and the embedding-space
 * reading of every image patch.
 */
public final class TokenTables {

    public static final String LOGIT_LENS = "logit_lens";
    public static final String HEAD_OUTPUTS = "head_outputs";
    public static final String EMBED_PROJ = "embed_proj";

    private TokenTables() {
    }

    public static Map<String, List<TokenRow>> compute(ForwardTrace trace, FrozenNormUnembedding u, List<HeadId> heads,
            int k, EmbeddingProjection.Similarity similarity, IntFunction<String> text) {
        Map<String, List<TokenRow>> out = new LinkedHashMap<>();
        LogitLens lens = new LogitLens(u);
        int layers = trace.model().numLayers();
        float[][] xs = new float[layers + 1][];
        List<String> names = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            xs[l] = trace.layerInput(l);
            names.add("x^" + l + "_T");
        }
        xs[layers] = trace.finalResidual();
        names.add("x^" + layers + "_T");
        out.put(LOGIT_LENS, rows(names, lens.topK(xs, k), text));
        if (!heads.isEmpty()) {
            float[][] os = new float[heads.size()][];
            List<String> hn = new ArrayList<>();
            for (int i = 0; i < heads.size(); i++) {
                HeadId h = heads.get(i);
                os[i] = trace.headOutput(h.layer(), h.head());
                hn.add("o^(" + h.layer() + "," + h.head() + ")");
            }
            out.put(HEAD_OUTPUTS, rows(hn, lens.topK(os, k), text));
        }
        trace.imageFeatures().ifPresent(features -> {
            List<String> pn = new ArrayList<>();
            for (int p = 0; p < features.length; p++) {
                pn.add("patch " + p);
            }
            out.put(EMBED_PROJ, rows(pn, new EmbeddingProjection(trace.embedding()).topK(features, k, similarity), text));
        });
        return out;
    }

    private static List<TokenRow> rows(List<String> names, List<List<TokenScore>> tops, IntFunction<String> text) {
        List<TokenRow> rows = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            List<TokenScore> top = tops.get(i);
            for (int r = 0; r < top.size(); r++) {
                TokenScore t = top.get(r);
                rows.add(new TokenRow(names.get(i), r + 1, t.id(), text.apply(t.id()), t.score()));
            }
        }
        return rows;
    }
}
