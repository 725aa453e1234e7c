package org.llavalens.attribution;

import org.llavalens.runtime.model.TraceExport;
import org.llavalens.runtime.trace.ForwardTrace;
import org.llavalens.runtime.trace.RowMatrix;

/**
 * U(v) = lm_head(g * v / sqrt(m + eps)) with the norm's scale m = mean((x^L_T)^2) taken once from
 * the real final residual and reused for every vector (method.md §2), so that U(x^L_T) equals the
 * model's logits and every scored vector is read through the same linear map.
 *
 * <p>eps is the model's own rms_norm_eps (the seed used 1e-6; we follow the model and record it).
 * Vectors go through {@link RowMatrix#multiply} in batches; log-softmax is taken in double.
 */
public final class FrozenNormUnembedding {

    /** Vectors per multiply: bounds the [batch x V] float block to ~130 MB at V = 32000. */
    static final int BATCH = 1024;

    private final RowMatrix lmHead;
    private final double[] scale;
    private final double meanSquare;
    private final double eps;

    public FrozenNormUnembedding(RowMatrix lmHead, float[] normWeight, float[] finalResidual, double eps) {
        if (normWeight.length != lmHead.cols() || finalResidual.length != lmHead.cols()) {
            throw new IllegalArgumentException("norm weight " + normWeight.length + ", residual " + finalResidual.length
                    + " and lm_head width " + lmHead.cols() + " differ");
        }
        this.lmHead = lmHead;
        this.eps = eps;
        double ss = 0;
        for (float x : finalResidual) {
            ss += (double) x * x;
        }
        this.meanSquare = ss / finalResidual.length;
        double inv = 1.0 / Math.sqrt(meanSquare + eps);
        this.scale = new double[normWeight.length];
        for (int i = 0; i < normWeight.length; i++) {
            scale[i] = normWeight[i] * inv;
        }
    }

    public static FrozenNormUnembedding of(ForwardTrace trace) {
        return new FrozenNormUnembedding(trace.unembedding(), trace.finalNormWeight(), trace.finalResidual(),
                trace.finalNormEps());
    }

    /** m, the frozen mean square of the final residual. */
    public double meanSquare() {
        return meanSquare;
    }

    /** The epsilon used (the model's rms_norm_eps). */
    public double eps() {
        return eps;
    }

    public int vocabSize() {
        return lmHead.rows();
    }

    public int width() {
        return lmHead.cols();
    }

    /** U(v) for every vector: [n][V]. */
    public float[][] logits(float[][] vectors) {
        float[][] out = new float[vectors.length][];
        forEachBatch(vectors, (offset, logits) -> System.arraycopy(logits, 0, out, offset, logits.length));
        return out;
    }

    /** log p(target | v) for every vector, log-softmax in double. */
    public double[] logProbs(float[][] vectors, int target) {
        checkToken(target);
        double[] out = new double[vectors.length];
        forEachBatch(vectors, (offset, logits) -> java.util.stream.IntStream.range(0, logits.length).parallel()
                .forEach(i -> out[offset + i] = logits[i][target] - TraceExport.logSumExp(logits[i])));
        return out;
    }

    /** Full log-softmax of U(v) for one vector. */
    public double[] logSoftmax(float[] vector) {
        float[] z = logits(new float[][] { vector })[0];
        double lse = TraceExport.logSumExp(z);
        double[] out = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            out[i] = z[i] - lse;
        }
        return out;
    }

    void checkToken(int id) {
        if (id < 0 || id >= lmHead.rows()) {
            throw new IllegalArgumentException("token id " + id + " is outside the vocabulary [0, " + lmHead.rows() + ")");
        }
    }


    private interface BatchSink {
        void accept(int offset, float[][] logits);
    }

    private void forEachBatch(float[][] vectors, BatchSink sink) {
        int d = lmHead.cols();
        for (int start = 0; start < vectors.length; start += BATCH) {
            int n = Math.min(BATCH, vectors.length - start);
            float[][] scaled = new float[n][d];
            for (int i = 0; i < n; i++) {
                float[] v = vectors[start + i];
                if (v.length != d) {
                    throw new IllegalArgumentException("vector of width " + v.length + " scored against lm_head of width " + d);
                }
                for (int c = 0; c < d; c++) {
                    scaled[i][c] = (float) (v[c] * scale[c]);
                }
            }
            sink.accept(start, lmHead.multiply(scaled));
        }
    }

    @Override
    public String toString() {
        return "FrozenNormUnembedding[m=" + meanSquare + ", eps=" + eps + ", V=" + lmHead.rows() + ", D="
                + lmHead.cols() + "]";
    }
}
