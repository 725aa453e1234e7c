package org.llavalens.attribution.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import org.llavalens.attribution.FrozenNormUnembedding;
import org.llavalens.attribution.HeadId;
import org.llavalens.attribution.Similarity;
import org.llavalens.attribution.TargetToken;
import org.llavalens.attribution.projection.EmbeddingProjection;
import org.llavalens.attribution.projection.LogitLens;
import org.llavalens.attribution.projection.Mrr;
import org.llavalens.attribution.projection.StreamVectors;
import org.llavalens.attribution.projection.TokenScore;
import org.llavalens.attribution.projection.TopK;
import org.llavalens.attribution.result.TokenRow;
import org.llavalens.runtime.trace.ForwardTrace;

/**
 * The token tables of a report (method.md §3): the logit lens over the residual stream at the last
 * position (x^l_T for every layer, and x^L_T), over the top heads' outputs, the embedding-space
 * reading of every image patch, and for each position j the user asked for, the logit lens over x^l_j
 * and over the parts of it written by attention and by the MLPs before layer l; and for tracked tokens,
 * their rank in the logit lens of every x^l_T (the table MRR is read from).
 */
public final class TokenTables {

    public static final String LOGIT_LENS = "logit_lens";
    public static final String HEAD_OUTPUTS = "head_outputs";
    public static final String EMBED_PROJ = "embed_proj";
    public static final String ATTN_WRITTEN = "attn_written";
    public static final String MLP_WRITTEN = "mlp_written";
    public static final String RANK = "rank";

    /** The name of a token's rank table: {@code rank_id13}. */
    public static String rankTable(int id) {
        return RANK + "_id" + id;
    }

    /** The name of a per-position table: {@code logit_lens_pos37}, {@code attn_written_pos37}, ... */
    public static String positionTable(String kind, int position) {
        return kind + "_pos" + position;
    }

    private TokenTables() {
    }

    public static Map<String, List<TokenRow>> compute(ForwardTrace trace, FrozenNormUnembedding u, List<HeadId> heads,
            int k, Similarity similarity, IntFunction<String> text) {
        return compute(trace, u, heads, k, similarity, List.of(), List.of(), text);
    }

    /**
     * @param positions sequence positions read besides the last (needs an all-positions capture)
     * @param tracked   tokens whose rank in the logit lens of every x^l_T gets a table of its own
     */
    public static Map<String, List<TokenRow>> compute(ForwardTrace trace, FrozenNormUnembedding u, List<HeadId> heads,
            int k, Similarity similarity, List<TablePosition.Resolved> positions,
            List<TargetToken> tracked, IntFunction<String> text) {
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
        if (!tracked.isEmpty()) {
            float[][] logits = u.logits(xs);
            for (TargetToken t : tracked) {
                List<TokenRow> rows = new ArrayList<>();
                for (int l = 0; l < xs.length; l++) {
                    rows.add(new TokenRow(names.get(l), TopK.rank(logits[l], t.id()), t.id(), t.text(), logits[l][t.id()]));
                }
                out.put(rankTable(t.id()), rows);
            }
        }
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
        if (trace.imageFeatures().isPresent()) {
            out.put(EMBED_PROJ, embedding(trace, k, similarity, text));
        }
        for (TablePosition.Resolved p : positions) {
            position(trace, lens, p.index(), k, text, out);
        }
        return out;
    }

    /**
     * The embedding-space table of every image patch ({@link #EMBED_PROJ}), rows named {@code patch p}.
     *
     * @throws IllegalStateException if the trace has no image
     */
    public static List<TokenRow> embedding(ForwardTrace trace, int k, Similarity similarity,
            IntFunction<String> text) {
        float[][] features = trace.imageFeatures().orElseThrow(
                () -> new IllegalStateException("the input has no image, so it has no visual embeddings"));
        List<String> pn = new ArrayList<>();
        for (int p = 0; p < features.length; p++) {
            pn.add("patch " + p);
        }
        return rows(pn, new EmbeddingProjection(trace.embedding()).topK(features, k, similarity), text);
    }

    /**
     * The tables of one sequence position j, as {@link #compute} names them ({@link #positionTable}
     * of {@link #LOGIT_LENS}, {@link #ATTN_WRITTEN}, {@link #MLP_WRITTEN}); needs an all-positions capture.
     */
    public static Map<String, List<TokenRow>> position(ForwardTrace trace, FrozenNormUnembedding u, int j, int k,
            IntFunction<String> text) {
        Map<String, List<TokenRow>> out = new LinkedHashMap<>();
        position(trace, new LogitLens(u), j, k, text, out);
        return out;
    }

    /** x^l_j for l in [0, L], and sum_(k<l) a^k_j, sum_(k<l) f^k_j for l in [1, L] (both are zero at l = 0). */
    private static void position(ForwardTrace trace, LogitLens lens, int j, int k, IntFunction<String> text,
            Map<String, List<TokenRow>> out) {
        int layers = trace.model().numLayers();
        float[][] xs = new float[layers + 1][];
        List<String> xn = new ArrayList<>();
        List<String> an = new ArrayList<>();
        List<String> fn = new ArrayList<>();
        for (int l = 0; l <= layers; l++) {
            xs[l] = StreamVectors.residual(trace, l, j);
            xn.add("x^" + l + "_" + j);
            if (l > 0) {
                an.add("sum_(k<" + l + ") a^k_" + j);
                fn.add("sum_(k<" + l + ") f^k_" + j);
            }
        }
        out.put(positionTable(LOGIT_LENS, j), rows(xn, lens.topK(xs, k), text));
        out.put(positionTable(ATTN_WRITTEN, j), rows(an, lens.topK(StreamVectors.attentionWrittenByLayer(trace, j), k), text));
        out.put(positionTable(MLP_WRITTEN, j), rows(fn, lens.topK(StreamVectors.mlpWrittenByLayer(trace, j), k), text));
    }

    /** The non-empty rank tables of a record's tables, in the order the tokens were asked for. */
    public static List<List<TokenRow>> rankTables(Map<String, List<TokenRow>> tables) {
        return tables.entrySet().stream().filter(t -> t.getKey().startsWith(RANK + "_") && !t.getValue().isEmpty())
                .map(Map.Entry::getValue).toList();
    }

    /**
     * Logit minus M = log p(b1 | v) - log p(b2 | v) for every vector of two rank tables over the same
     * vectors (method.md §3): their logits' difference, as the log-sum-exp cancels.
     */
    public static double[] logitMinus(List<TokenRow> b1, List<TokenRow> b2) {
        if (b1.size() != b2.size()) {
            throw new IllegalArgumentException("rank tables over " + b1.size() + " and " + b2.size() + " vectors");
        }
        double[] m = new double[b1.size()];
        for (int i = 0; i < m.length; i++) {
            if (!b1.get(i).vector().equals(b2.get(i).vector())) {
                throw new IllegalArgumentException("rank tables over different vectors: " + b1.get(i).vector() + ", "
                        + b2.get(i).vector());
            }
            m[i] = b1.get(i).score() - b2.get(i).score();
        }
        return m;
    }

    /** Mean over a rank table's vectors of 1 / rank (method.md §3). */
    public static double meanReciprocalRank(List<TokenRow> rankTable) {
        return Mrr.of(rankTable.stream().mapToInt(TokenRow::rank).toArray());
    }

    static List<TokenRow> rows(List<String> names, List<List<TokenScore>> tops, IntFunction<String> text) {
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
