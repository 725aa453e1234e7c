package org.llavalens.runtime.model;

import java.nio.FloatBuffer;
import java.util.function.UnaryOperator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;

/**
 * The logits at every position of a batch-1 pass, [T][V]. Positions before the last go through
 * the unembedding in row blocks, so that at most one [block x V] product exists besides the result;
 * the last row is the last-position logits the pass computes anyway, so the two never disagree.
 */
final class PositionLogits {

    /** Floats per block product: 8 Mi floats = 32 MiB, 261 rows of a 32064-token vocabulary. */
    static final int BLOCK_FLOATS = 8 << 20;

    private PositionLogits() {
    }

    /** Rows per block for a vocabulary of {@code vocab}: at least one. */
    static int blockRows(int vocab) {
        return Math.max(1, BLOCK_FLOATS / Math.max(1, vocab));
    }

    /**
     * @param x         the final residual [1, T, D], left open
     * @param unembed   final norm + lm_head of [n, D] rows: [n, V]
     * @param last      the logits at position T - 1, kept as the last row (not copied)
     * @param blockRows positions per product
     */
    static float[][] compute(NDArray x, UnaryOperator<NDArray> unembed, float[] last, int blockRows) {
        if (blockRows < 1) {
            throw new IllegalArgumentException("block of " + blockRows + " rows");
        }
        int t = (int) x.getShape().get(1);
        int vocab = last.length;
        float[][] rows = new float[t][];
        for (int from = 0; from < t - 1; from += blockRows) {
            int to = Math.min(t - 1, from + blockRows);
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray logits = unembed.apply(x.get(new NDIndex("0, {}:{}", from, to)));
                // Straight from the engine's buffer into the rows: no block-sized float[] in between.
                FloatBuffer block = logits.toByteBuffer().asFloatBuffer();
                for (int j = from; j < to; j++) {
                    rows[j] = new float[vocab];
                    block.get(rows[j]);
                }
            }
        }
        rows[t - 1] = last;
        return rows;
    }
}
