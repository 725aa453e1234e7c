package org.llavalens.runtime.trace;

/**
 * A read-only [rows x cols] matrix of the model (lm_head, embed_tokens) that can score many vectors
 * at once. Implementations keep the weights where they live (memory-mapped, or on the compute
 * device) and multiply in batches; callers never copy the whole matrix.
 */
public interface RowMatrix {

    int rows();

    int cols();

    /** Row r as float32 (a copy). */
    float[] row(int r);

    /** out[i][r] = sum_c this[r][c] * vectors[i][c], for every row r. */
    float[][] multiply(float[][] vectors);
}
