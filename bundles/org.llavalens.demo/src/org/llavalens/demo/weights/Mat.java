package org.llavalens.demo.weights;

/** A dense row-major matrix (or vector, with one row) under construction, in double precision. */
final class Mat {

    final int rows;
    final int cols;
    final double[] a;

    Mat(int rows, int cols) {
        this.rows = rows;
        this.cols = cols;
        this.a = new double[rows * cols];
    }

    static Mat vector(int n) {
        return new Mat(1, n);
    }

    void set(int r, int c, double v) {
        a[r * cols + c] = v;
    }

    void set(int i, double v) {
        a[i] = v;
    }

    void fill(double v) {
        java.util.Arrays.fill(a, v);
    }

    float[] toFloats() {
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            f[i] = (float) a[i];
        }
        return f;
    }

    void putMatrix(TensorSink sink, String name) {
        sink.put(name, new long[] { rows, cols }, toFloats());
    }

    void putVector(TensorSink sink, String name) {
        sink.put(name, new long[] { (long) rows * cols }, toFloats());
    }
}
