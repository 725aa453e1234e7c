package org.llavalens.demo.weights;

/**
 * Where generated parameters go. The generator knows names, shapes and float32 values; the storage
 * format (and its dtype) belongs to whoever implements this.
 */
public interface TensorSink {

    /** Adds one parameter; {@code data} is row-major with {@code prod(shape)} elements. */
    void put(String name, long[] shape, float[] data);
}
