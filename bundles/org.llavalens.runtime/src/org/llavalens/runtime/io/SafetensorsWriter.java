package org.llavalens.runtime.io;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.google.gson.stream.JsonWriter;

/**
 * Writes float tensors as safetensors in F32, F16 or BF16 (rounded to nearest even), as one
 * {@code model.safetensors} or as shards {@code model-0000i-of-0000n.safetensors} with
 * {@code model.safetensors.index.json}, under the legacy or the transformers >= 4.52 names. Tensor data is
 * produced on demand by a {@link Filler}, one tensor at a time, so a model can be re-encoded without holding
 * it all in memory.
 */
public final class SafetensorsWriter {

    /** Produces a tensor's float32 values into a buffer of exactly numel remaining. */
    @FunctionalInterface
    public interface Filler {
        void fill(FloatBuffer dest);
    }

    private record Pending(String name, DType dtype, long[] shape, Filler filler) {
        long numel() {
            long n = 1;
            for (long d : shape) {
                n = Math.multiplyExact(n, d);
            }
            return n;
        }

        long bytes() {
            return numel() * dtype.bytes();
        }
    }

    private final DType dtype;
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private final Map<String, Pending> tensors = new LinkedHashMap<>();
    private long maxShardBytes;
    private boolean newNames;

    /** @param dtype F32, F16 or BF16: the stored type of every tensor added without an explicit one */
    public SafetensorsWriter(DType dtype) {
        this.dtype = checkFloat(dtype);
        metadata.put("format", "pt");
    }

    private static DType checkFloat(DType d) {
        if (d != DType.F32 && d != DType.F16 && d != DType.BF16) {
            throw new IllegalArgumentException("can write F32, F16 or BF16, not " + d);
        }
        return d;
    }

    public SafetensorsWriter metadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    /** Splits into shards of at most this many data bytes (a larger single tensor gets a shard of its own); 0 = one file. */
    public SafetensorsWriter maxShardBytes(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("negative shard size");
        }
        this.maxShardBytes = bytes;
        return this;
    }

    /** Store the names of transformers >= 4.52 ({@code model.language_model.*}, ...) instead of the legacy ones. */
    public SafetensorsWriter transformers452Names(boolean enabled) {
        this.newNames = enabled;
        return this;
    }

    public SafetensorsWriter add(String name, long[] shape, float[] data) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException(name + ": shape holds " + n + " elements, data has " + data.length);
        }
        return add(name, dtype, shape, dest -> dest.put(data));
    }

    public SafetensorsWriter add(String name, long[] shape, Filler filler) {
        return add(name, dtype, shape, filler);
    }

    public SafetensorsWriter add(String name, DType storedAs, long[] shape, Filler filler) {
        if (tensors.containsKey(name)) {
            throw new IllegalArgumentException("tensor " + name + " added twice");
        }
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException(name + ": negative dimension");
            }
        }
        Pending p = new Pending(name, checkFloat(storedAs), shape.clone(), filler);
        if (p.numel() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(name + ": tensors above 2^31 elements are not supported by the writer");
        }
        tensors.put(name, p);
        return this;
    }

    /** Adds every tensor of a weight source (re-encoded to this writer's dtype). */
    public SafetensorsWriter addAll(WeightSource source) {
        for (String name : source.names()) {
            TensorInfo info = source.info(name);
            add(name, info.shape(), dest -> source.readFloats(name, dest));
        }
        return this;
    }

    /**
     * Writes the model into {@code folder} (created if needed).
     *
     * @return the files written (shards, then the index if sharded)
     */
    public List<Path> write(Path folder) {
        boolean llava = ParamNames.isLlava(tensors.keySet());
        List<List<Pending>> shards = split();
        List<Path> written = new ArrayList<>();
        try {
            Files.createDirectories(folder);
            if (shards.size() == 1 && maxShardBytes == 0) {
                Path file = folder.resolve(SafetensorsWeights.SINGLE_FILE);
                writeFile(file, shards.get(0), llava);
                written.add(file);
                return written;
            }
            Map<String, String> weightMap = new TreeMap<>();
            long total = 0;
            for (int i = 0; i < shards.size(); i++) {
                String fileName = String.format("model-%05d-of-%05d.safetensors", i + 1, shards.size());
                Path file = folder.resolve(fileName);
                writeFile(file, shards.get(i), llava);
                written.add(file);
                for (Pending p : shards.get(i)) {
                    weightMap.put(storedName(p.name(), llava), fileName);
                    total += p.bytes();
                }
            }
            Path index = folder.resolve(SafetensorsWeights.INDEX_FILE);
            writeIndex(index, total, weightMap);
            written.add(index);
            return written;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write safetensors to " + folder + ": " + e.getMessage(), e);
        }
    }

    private List<List<Pending>> split() {
        List<List<Pending>> shards = new ArrayList<>();
        List<Pending> current = new ArrayList<>();
        long size = 0;
        for (Pending p : tensors.values()) {
            if (maxShardBytes > 0 && !current.isEmpty() && size + p.bytes() > maxShardBytes) {
                shards.add(current);
                current = new ArrayList<>();
                size = 0;
            }
            current.add(p);
            size += p.bytes();
        }
        shards.add(current);
        return shards;
    }

    private String storedName(String name, boolean llava) {
        return newNames ? ParamNames.toTransformers452(name, llava) : name;
    }

    private void writeFile(Path file, List<Pending> list, boolean llava) throws IOException {
        StringWriter json = new StringWriter();
        try (JsonWriter w = new JsonWriter(json)) {
            w.beginObject();
            if (!metadata.isEmpty()) {
                w.name("__metadata__").beginObject();
                for (Map.Entry<String, String> e : metadata.entrySet()) {
                    w.name(e.getKey()).value(e.getValue());
                }
                w.endObject();
            }
            long offset = 0;
            for (Pending p : list) {
                w.name(storedName(p.name(), llava)).beginObject();
                w.name("dtype").value(p.dtype().name());
                w.name("shape").beginArray();
                for (long d : p.shape()) {
                    w.value(d);
                }
                w.endArray();
                w.name("data_offsets").beginArray().value(offset).value(offset + p.bytes()).endArray();
                w.endObject();
                offset += p.bytes();
            }
            w.endObject();
        }
        StringBuilder header = new StringBuilder(json.toString());
        while (header.toString().getBytes(StandardCharsets.UTF_8).length % 8 != 0) {
            header.append(' ');
        }
        byte[] hb = header.toString().getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(hb.length).flip();
            writeFully(ch, len);
            writeFully(ch, ByteBuffer.wrap(hb));
            for (Pending p : list) {
                writeTensor(ch, p);
            }
        }
    }

    private static void writeTensor(FileChannel ch, Pending p) throws IOException {
        int n = (int) p.numel();
        float[] values = new float[n];
        FloatBuffer fb = FloatBuffer.wrap(values);
        p.filler().fill(fb);
        if (fb.position() != n) {
            throw new IllegalStateException(p.name() + ": filler produced " + fb.position() + " of " + n + " values");
        }
        int block = 1 << 16;
        ByteBuffer buf = ByteBuffer.allocate(block * p.dtype().bytes()).order(ByteOrder.LITTLE_ENDIAN);
        short[] halves = new short[block];
        for (int i = 0; i < n; i += block) {
            int k = Math.min(block, n - i);
            buf.clear();
            switch (p.dtype()) {
                case F32 -> buf.asFloatBuffer().put(values, i, k);
                case F16 -> {
                    FloatFormats.floatToF16(values, i, halves, 0, k);
                    buf.asShortBuffer().put(halves, 0, k);
                }
                case BF16 -> {
                    FloatFormats.floatToBf16(values, i, halves, 0, k);
                    buf.asShortBuffer().put(halves, 0, k);
                }
                default -> throw new IllegalStateException(p.dtype().name());
            }
            buf.limit(k * p.dtype().bytes());
            writeFully(ch, buf);
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    private static void writeIndex(Path index, long total, Map<String, String> weightMap) throws IOException {
        try (Writer out = Files.newBufferedWriter(index, StandardCharsets.UTF_8); JsonWriter w = new JsonWriter(out)) {
            w.setIndent("  ");
            w.beginObject();
            w.name("metadata").beginObject().name("total_size").value(total).endObject();
            w.name("weight_map").beginObject();
            for (Map.Entry<String, String> e : weightMap.entrySet()) {
                w.name(e.getKey()).value(e.getValue());
            }
            w.endObject();
            w.endObject();
        }
    }
}
