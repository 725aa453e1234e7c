package org.llavalens.runtime.model;

import org.llavalens.runtime.io.TensorInfo;
import org.llavalens.runtime.trace.RowMatrix;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * A [V x D] weight (lm_head, embed_tokens) upcast to fp32 once, on first use, and kept as a tensor
 * so that thousands of vectors are scored by one matrix product per batch.
 */
final class WeightMatrix implements RowMatrix {

    /** Vectors per product: bounds the [batch x V] result (32000 x 1024 floats = 128 MiB). */
    private static final int BATCH = 1024;

    private final WeightLoader loader;
    private final String name;
    private final int rows;
    private final int cols;
    private NDArray matrix;
    private boolean closed;

    WeightMatrix(WeightLoader loader, String name) {
        this.loader = loader;
        this.name = name;
        TensorInfo info = loader.source().info(name);
        if (info.rank() != 2) {
            throw new IllegalArgumentException(name + " is not a matrix: " + info);
        }
        this.rows = info.dim(0);
        this.cols = info.dim(1);
    }

    String name() {
        return name;
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int cols() {
        return cols;
    }

    synchronized NDArray tensor() {
        if (closed) {
            throw new IllegalStateException("the model that owns " + name + " was closed");
        }
        if (matrix == null) {
            matrix = loader.owned(name);
        }
        return matrix;
    }

    @Override
    public synchronized float[] row(int r) {
        if (r < 0 || r >= rows) {
            throw new IndexOutOfBoundsException("row " + r + " of " + name + " [" + rows + " x " + cols + "]");
        }
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            return tensor().get(r).toFloatArray();
        }
    }

    /** Rows {@code ids} as a new [ids.length, D] tensor attached to {@code manager}. */
    synchronized NDArray gather(NDManager manager, int[] ids) {
        NDArray index = manager.create(ids).toType(ai.djl.ndarray.types.DataType.INT64, false);
        NDArray result = tensor().get(new NDIndex("{}", index));
        result.attach(manager);
        index.close();
        return result;
    }

    @Override
    public synchronized float[][] multiply(float[][] vectors) {
        float[][] out = new float[vectors.length][];
        for (int start = 0; start < vectors.length; start += BATCH) {
            int n = Math.min(BATCH, vectors.length - start);
            float[] flat = new float[n * cols];
            for (int i = 0; i < n; i++) {
                float[] v = vectors[start + i];
                if (v.length != cols) {
                    throw new IllegalArgumentException("vector " + (start + i) + " has " + v.length
                            + " components; " + name + " needs " + cols);
                }
                System.arraycopy(v, 0, flat, i * cols, cols);
            }
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray w = tensor();
                NDArray batch = w.getManager().create(flat, new Shape(n, cols));
                float[] scores = batch.matMul(w.transpose()).toFloatArray();
                for (int i = 0; i < n; i++) {
                    float[] row = new float[rows];
                    System.arraycopy(scores, i * rows, row, 0, rows);
                    out[start + i] = row;
                }
            }
        }
        return out;
    }

    synchronized void close() {
        closed = true;
        if (matrix != null) {
            matrix.close();
            matrix = null;
        }
    }
}
