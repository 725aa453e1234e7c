package org.llavalens.demo.weights;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Generated parameters kept in memory, in the order they were added. */
public final class TensorSet implements TensorSink {

    /** One parameter. */
    public record Tensor(String name, long[] shape, float[] data) {
    }

    private final Map<String, Tensor> tensors = new LinkedHashMap<>();

    @Override
    public void put(String name, long[] shape, float[] data) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape) + " holds " + n
                    + " values, got " + data.length);
        }
        if (tensors.putIfAbsent(name, new Tensor(name, shape.clone(), data)) != null) {
            throw new IllegalArgumentException("parameter " + name + " added twice");
        }
    }

    public Set<String> names() {
        return Collections.unmodifiableSet(tensors.keySet());
    }

    public Tensor get(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no parameter " + name);
        }
        return t;
    }

    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    /** Copies every parameter into another sink, in order. */
    public void copyTo(TensorSink sink) {
        for (Tensor t : tensors.values()) {
            sink.put(t.name(), t.shape(), t.data());
        }
    }

    /** SHA-256 over names, shapes and the float32 bits of every parameter, in order. */
    public String sha256() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Tensor t : tensors.values()) {
                md.update(t.name().getBytes(StandardCharsets.UTF_8));
                md.update(Arrays.toString(t.shape()).getBytes(StandardCharsets.UTF_8));
                ByteBuffer b = ByteBuffer.allocate(t.data().length * 4).order(ByteOrder.LITTLE_ENDIAN);
                b.asFloatBuffer().put(t.data());
                md.update(b);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
