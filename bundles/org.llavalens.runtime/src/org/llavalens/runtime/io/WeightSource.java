package org.llavalens.runtime.io;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.Optional;
import java.util.Set;

/**
 * The weights of one model folder (one safetensors file or an indexed set of shards), kept
 * memory-mapped. Names are canonical: the legacy llava-hf scheme ({@code language_model.model.*},
 * {@code language_model.lm_head.*}, {@code vision_tower.*}, {@code multi_modal_projector.*}) for
 * LLaVA, the plain LLaMA scheme ({@code model.*}, {@code lm_head.*}) for Vicuna; files written
 * with the transformers >= 4.52 names are mapped onto these when opened.
 */
public interface WeightSource extends AutoCloseable {

    Set<String> names();

    boolean contains(String name);

    /** @throws ModelFormatException if the tensor is missing (message names it and the folder) */
    TensorInfo info(String name);

    /**
     * Copies a tensor, converted to float32 (F16 and BF16 are converted in Java), into {@code dest}
     * from its position on; {@code dest} must have at least numel remaining.
     */
    void readFloats(String name, FloatBuffer dest);

    /**
     * Copies elements [from, from + count) of the flattened tensor, converted to float32, into {@code dest}
     * (e.g. a few rows of an embedding matrix). Implementations backed by mapped files read only that range;
     * this default reads the whole tensor.
     */
    default void readFloats(String name, long from, long count, FloatBuffer dest) {
        long n = info(name).numel();
        if (from < 0 || count < 0 || from + count > n) {
            throw new IndexOutOfBoundsException("elements [" + from + ", " + (from + count) + ") of " + name
                    + " with " + n + " elements");
        }
        float[] all = floats(name);
        dest.put(all, (int) from, (int) count);
    }

    /** A tensor as a new float32 array (only for tensors below 2^31 elements). */
    default float[] floats(String name) {
        long n = info(name).numel();
        if (n > Integer.MAX_VALUE - 8) {
            throw new ModelFormatException("tensor " + name + " is too large for one array (" + n + " elements)");
        }
        float[] out = new float[(int) n];
        readFloats(name, FloatBuffer.wrap(out));
        return out;
    }

    /**
     * The stored bytes of a tensor (little-endian, stored dtype) without conversion, when the source can
     * hand them out as one buffer; empty otherwise. Lets half-precision weights go to a device as stored.
     */
    default Optional<ByteBuffer> storedBytes(String name) {
        return Optional.empty();
    }

    /** A hash over the files' headers and sizes: stable, cheap, and changes when the weights do. */
    String contentHash();

    /** The stored dtype of most weights (what the user downloaded): F32, F16 or BF16. */
    DType storedDType();

    @Override
    void close();
}
