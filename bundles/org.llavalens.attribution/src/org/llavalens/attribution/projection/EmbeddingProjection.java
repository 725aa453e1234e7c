package org.llavalens.attribution.projection;

import java.util.ArrayList;
import java.util.List;

import org.llavalens.attribution.Similarity;
import org.llavalens.runtime.trace.RowMatrix;

/**
 * Embedding-space tables for visual embeddings (method.md §3, the paper's evidence (e)): top-k of
 * E v over all vocabulary rows, E = embed_tokens. Raw dot product by default; cosine divides by
 * |E_r| |v| so long embedding rows do not dominate.
 */
public final class EmbeddingProjection {

    private final RowMatrix embedding;
    private double[] rowNorms;

    public EmbeddingProjection(RowMatrix embedding) {
        this.embedding = embedding;
    }

    /** Scores of every vocabulary row for each vector: [n][V]. */
    public double[][] scores(float[][] vectors, Similarity similarity) {
        float[][] dots = embedding.multiply(vectors);
        double[][] out = new double[dots.length][];
        for (int i = 0; i < dots.length; i++) {
            double[] s = new double[dots[i].length];
            double vn = similarity == Similarity.COSINE ? norm(vectors[i]) : 1;
            double[] rn = similarity == Similarity.COSINE ? rowNorms() : null;
            for (int r = 0; r < s.length; r++) {
                s[r] = rn == null ? dots[i][r] : dots[i][r] / Math.max(rn[r] * vn, 1e-30);
            }
            out[i] = s;
        }
        return out;
    }

    public List<List<TokenScore>> topK(float[][] vectors, int k, Similarity similarity) {
        List<List<TokenScore>> out = new ArrayList<>();
        for (double[] s : scores(vectors, similarity)) {
            out.add(TopK.of(s, k));
        }
        return out;
    }

    private double[] rowNorms() {
        if (rowNorms == null) {
            double[] n = new double[embedding.rows()];
            for (int r = 0; r < n.length; r++) {
                n[r] = norm(embedding.row(r));
            }
            rowNorms = n;
        }
        return rowNorms;
    }

    private static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        return Math.sqrt(s);
    }
}
