package org.llavalens.runtime.io;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

/**
 * One safetensors file, validated when opened and memory-mapped per tensor on first use. Nothing of the
 * data area is copied to the heap; tensors of any size at any offset are read through mappings of at most
 * {@value #MAX_MAPPING} bytes each.
 *
 * <p>Validation follows the format's reference implementation: an 8-byte little-endian header length no
 * larger than the file and {@value #MAX_HEADER} bytes, a strict UTF-8 JSON object, known dtypes, byte
 * lengths equal to numel x dtype size, and offsets that tile the data area exactly (no gaps, no overlaps).
 * Every failure is one {@link ModelFormatException} whose message names the file.
 */
public final class SafetensorsFile implements AutoCloseable {

    public static final long MAX_HEADER = 100L << 20;
    static final long MAX_MAPPING = 1L << 30;

    /** One tensor: its description and absolute byte range in the file. */
    private record Entry(TensorInfo info, long begin, long end) {
        long bytes() {
            return end - begin;
        }
    }

    private final Path path;
    private final FileChannel channel;
    private final long fileSize;
    private final byte[] header;
    private final Map<String, String> metadata;
    private final Map<String, Entry> entries;
    private final Map<String, MappedByteBuffer[]> mappings = new ConcurrentHashMap<>();

    private SafetensorsFile(Path path, FileChannel channel, long fileSize, byte[] header, Map<String, String> metadata,
            Map<String, Entry> entries) {
        this.path = path;
        this.channel = channel;
        this.fileSize = fileSize;
        this.header = header;
        this.metadata = metadata;
        this.entries = entries;
    }

    public static SafetensorsFile open(Path file) {
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new ModelFormatException(file + ": cannot open safetensors file (" + e + ")", e);
        }
        try {
            return parse(file, ch);
        } catch (RuntimeException | IOException e) {
            try {
                ch.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            if (e instanceof ModelFormatException m) {
                throw m;
            }
            throw new ModelFormatException(file + ": cannot read safetensors file (" + e + ")", e);
        }
    }

    private static SafetensorsFile parse(Path file, FileChannel ch) throws IOException {
        long size = ch.size();
        if (size < 8) {
            throw bad(file, "file is truncated (" + size + " bytes, a safetensors file starts with an 8-byte header length)");
        }
        ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        ChannelReads.readFully(ch, lenBuf, 0, file);
        long n = lenBuf.getLong(0);
        if (n < 2 || n > size - 8) {
            throw bad(file, "header length " + Long.toUnsignedString(n) + " does not fit the file of " + size
                    + " bytes (truncated or not a safetensors file)");
        }
        if (n > MAX_HEADER) {
            throw bad(file, "header length " + n + " exceeds the limit of " + MAX_HEADER + " bytes");
        }
        ByteBuffer hb = ByteBuffer.allocate((int) n);
        ChannelReads.readFully(ch, hb, 8, file);
        byte[] header = hb.array();
        if (header[0] != '{') {
            throw bad(file, "header does not start with '{' (not a safetensors file)");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        Map<String, Entry> entries = new LinkedHashMap<>();
        long dataStart = 8 + n;
        parseHeader(file, header, dataStart, metadata, entries);
        validateLayout(file, entries.values(), dataStart, size);
        return new SafetensorsFile(file, ch, size, header, Collections.unmodifiableMap(metadata),
                Collections.unmodifiableMap(entries));
    }

    private static void parseHeader(Path file, byte[] header, long dataStart, Map<String, String> metadata,
            Map<String, Entry> entries) {
        Reader text = new InputStreamReader(new ByteArrayInputStream(header), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
        try (JsonReader r = new JsonReader(text)) {
            r.setLenient(false);
            r.beginObject();
            while (r.hasNext()) {
                String name = r.nextName();
                if (name.equals("__metadata__")) {
                    readMetadata(file, r, metadata);
                    continue;
                }
                if (entries.containsKey(name)) {
                    throw bad(file, "tensor '" + name + "' is listed twice in the header");
                }
                entries.put(name, readTensor(file, r, name, dataStart));
            }
            r.endObject();
            if (r.peek() != JsonToken.END_DOCUMENT) {
                throw bad(file, "header has content after the JSON object");
            }
        } catch (ModelFormatException e) {
            throw e;
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            throw bad(file, "invalid JSON header (" + oneLine(e) + ")");
        }
    }

    private static void readMetadata(Path file, JsonReader r, Map<String, String> metadata) throws IOException {
        r.beginObject();
        while (r.hasNext()) {
            String key = r.nextName();
            if (r.peek() != JsonToken.STRING) {
                throw bad(file, "__metadata__ value of '" + key + "' is not a string");
            }
            metadata.put(key, r.nextString());
        }
        r.endObject();
    }

    private static Entry readTensor(Path file, JsonReader r, String name, long dataStart) throws IOException {
        String dtypeName = null;
        List<Long> shape = null;
        List<Long> offsets = null;
        r.beginObject();
        while (r.hasNext()) {
            switch (r.nextName()) {
                case "dtype" -> dtypeName = r.nextString();
                case "shape" -> shape = readLongs(file, r, name, "shape");
                case "data_offsets" -> offsets = readLongs(file, r, name, "data_offsets");
                default -> r.skipValue();
            }
        }
        r.endObject();
        if (dtypeName == null || shape == null || offsets == null) {
            throw bad(file, "tensor '" + name + "' lacks " + (dtypeName == null ? "dtype" : shape == null ? "shape"
                    : "data_offsets"));
        }
        DType dtype = dtypeOf(dtypeName);
        if (dtype == null) {
            throw bad(file, "tensor '" + name + "' has unsupported dtype '" + dtypeName + "'");
        }
        if (offsets.size() != 2) {
            throw bad(file, "tensor '" + name + "' has " + offsets.size() + " data_offsets, expected 2");
        }
        long[] dims = shape.stream().mapToLong(Long::longValue).toArray();
        long numel = 1;
        try {
            for (long d : dims) {
                numel = Math.multiplyExact(numel, d);
            }
            long bytes = Math.multiplyExact(numel, (long) dtype.bytes());
            long begin = offsets.get(0);
            long end = offsets.get(1);
            if (begin > end) {
                throw bad(file, "tensor '" + name + "' has data_offsets [" + begin + ", " + end + "] with begin > end");
            }
            if (end - begin != bytes) {
                throw bad(file, "tensor '" + name + "' of shape " + shape + " " + dtype + " needs " + bytes
                        + " bytes but its data_offsets span " + (end - begin));
            }
            return new Entry(new TensorInfo(name, dtype, dims), Math.addExact(dataStart, begin),
                    Math.addExact(dataStart, end));
        } catch (ArithmeticException e) {
            throw bad(file, "tensor '" + name + "' has a shape or offsets too large to address (" + shape + ")");
        }
    }

    private static List<Long> readLongs(Path file, JsonReader r, String name, String key) throws IOException {
        List<Long> out = new ArrayList<>();
        r.beginArray();
        while (r.hasNext()) {
            if (r.peek() != JsonToken.NUMBER) {
                throw bad(file, "tensor '" + name + "' has a non-numeric " + key);
            }
            String s = r.nextString();
            long v;
            try {
                v = Long.parseLong(s);
            } catch (NumberFormatException e) {
                throw bad(file, "tensor '" + name + "' has " + key + " entry " + s + " that is not a 64-bit integer");
            }
            if (v < 0) {
                throw bad(file, "tensor '" + name + "' has a negative " + key + " entry " + v);
            }
            out.add(v);
        }
        r.endArray();
        return out;
    }

    private static DType dtypeOf(String name) {
        for (DType d : DType.values()) {
            if (d.name().equals(name)) {
                return d;
            }
        }
        return null;
    }

    private static void validateLayout(Path file, java.util.Collection<Entry> entries, long dataStart, long size) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long expected = dataStart;
        for (Entry e : sorted) {
            if (e.begin() != expected) {
                String what = e.begin() < expected ? "overlaps the previous tensor" : "leaves a gap before it";
                throw bad(file, "tensor '" + e.info().name() + "' at data offset " + (e.begin() - dataStart) + " "
                        + what + " (offsets must tile the data area)");
            }
            if (e.end() > size) {
                throw bad(file, "tensor '" + e.info().name() + "' ends at byte " + e.end()
                        + ", past the end of the file (" + size + " bytes; truncated?)");
            }
            expected = e.end();
        }
        if (expected != size) {
            throw bad(file, "tensors cover " + (expected - dataStart) + " data bytes but the file holds "
                    + (size - dataStart) + " (truncated or trailing data)");
        }
    }

    public Path path() {
        return path;
    }

    public long fileSize() {
        return fileSize;
    }

    /** The raw JSON header as stored (used for content hashing). */
    public byte[] headerBytes() {
        return header.clone();
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    /** Tensor names in header order. */
    public Set<String> names() {
        return entries.keySet();
    }

    public boolean contains(String name) {
        return entries.containsKey(name);
    }

    /** @throws ModelFormatException if the file has no such tensor */
    public TensorInfo info(String name) {
        return entry(name).info();
    }

    private Entry entry(String name) {
        Entry e = entries.get(name);
        if (e == null) {
            throw new ModelFormatException(path + ": no tensor named '" + name + "'");
        }
        return e;
    }

    /**
     * The stored bytes of a tensor below 2 GiB as a read-only little-endian buffer over the mapping
     * (position 0, limit = byte length); for engines that take the data as is.
     */
    public ByteBuffer bytes(String name) {
        Entry e = entry(name);
        if (e.bytes() > MAX_MAPPING) {
            throw new ModelFormatException(path + ": tensor '" + name + "' (" + e.bytes()
                    + " bytes) is too large for one buffer; read it with readFloats");
        }
        return mapping(e)[0].duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Weights are floating point: an integer tensor where a float one belongs means a broken or foreign
     * file, and converting it would run a model on nonsense. The message names the tensor and its dtype.
     */
    static void requireFloat(TensorInfo info) {
        DType d = info.dtype();
        if (d != DType.F32 && d != DType.F16 && d != DType.BF16 && d != DType.F64) {
            throw new ModelFormatException("tensor " + info.name() + " has dtype " + d
                    + "; weights must be floating point (F32, F16, BF16 or F64)");
        }
    }

    /** The whole tensor converted to float32 into {@code dest} from its position on. */
    public void readFloats(String name, FloatBuffer dest) {
        Entry e = entry(name);
        readFloats(e, 0, e.info().numel(), dest);
    }

    /**
     * Elements [from, from + count) of the flattened tensor converted to float32 into {@code dest} (e.g.
     * rows of an embedding matrix).
     */
    public void readFloats(String name, long from, long count, FloatBuffer dest) {
        Entry e = entry(name);
        long numel = e.info().numel();
        if (from < 0 || count < 0 || from + count > numel) {
            throw new IndexOutOfBoundsException("elements [" + from + ", " + (from + count) + ") of " + name
                    + " with " + numel + " elements");
        }
        readFloats(e, from, count, dest);
    }

    private void readFloats(Entry e, long from, long count, FloatBuffer dest) {
        requireFloat(e.info());
        if (dest.remaining() < count) {
            throw new IllegalArgumentException("destination has room for " + dest.remaining() + " floats, tensor "
                    + e.info().name() + " needs " + count);
        }
        DType dtype = e.info().dtype();
        int size = dtype.bytes();
        MappedByteBuffer[] maps = mapping(e);
        long byteFrom = from * size;
        long byteTo = (from + count) * size;
        while (byteFrom < byteTo) {
            int chunk = (int) (byteFrom / MAX_MAPPING);
            int inChunk = (int) (byteFrom % MAX_MAPPING);
            long chunkEnd = Math.min(byteTo, (chunk + 1L) * MAX_MAPPING);
            ByteBuffer src = maps[chunk].duplicate().order(ByteOrder.LITTLE_ENDIAN);
            src.position(inChunk).limit(inChunk + (int) (chunkEnd - byteFrom));
            convert(dtype, src.slice().order(ByteOrder.LITTLE_ENDIAN), dest);
            byteFrom = chunkEnd;
        }
    }

    private static void convert(DType dtype, ByteBuffer src, FloatBuffer dest) {
        switch (dtype) {
            case F32 -> dest.put(src.asFloatBuffer());
            case F16, BF16 -> FloatFormats.halvesToFloats(dtype == DType.BF16, src, dest);
            case F64 -> {
                int n = src.remaining() / 8;
                for (int i = 0; i < n; i++) {
                    dest.put((float) src.getDouble(i * 8));
                }
            }
            default -> throw new IllegalStateException(dtype.name());
        }
    }

    private MappedByteBuffer[] mapping(Entry e) {
        MappedByteBuffer[] m = mappings.get(e.info().name());
        if (m != null) {
            return m;
        }
        int chunks = (int) Math.max(1, (e.bytes() + MAX_MAPPING - 1) / MAX_MAPPING);
        m = new MappedByteBuffer[chunks];
        try {
            for (int i = 0; i < chunks; i++) {
                long off = e.begin() + i * MAX_MAPPING;
                m[i] = channel.map(FileChannel.MapMode.READ_ONLY, off, Math.min(MAX_MAPPING, e.end() - off));
            }
        } catch (IOException ex) {
            throw new ModelFormatException(path + ": cannot map tensor '" + e.info().name() + "' (" + ex + ")", ex);
        }
        MappedByteBuffer[] previous = mappings.putIfAbsent(e.info().name(), m);
        return previous != null ? previous : m;
    }

    @Override
    public void close() {
        mappings.clear();
        try {
            channel.close();
        } catch (IOException e) {
            // Read-only channel: nothing was written that could be lost.
        }
    }

    private static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private static ModelFormatException bad(Path file, String what) {
        return new ModelFormatException(file + ": " + what);
    }

    @Override
    public String toString() {
        return "SafetensorsFile[" + path + ", " + entries.size() + " tensors]";
    }
}
