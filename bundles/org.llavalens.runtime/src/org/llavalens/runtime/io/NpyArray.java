package org.llavalens.runtime.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A NumPy {@code .npy} array: C order, little-endian, one of the element types {@code <f4 <f8 <i8 <i4 |u1 |b1}.
 * Reads format versions 1.0, 2.0 and 3.0; writes 1.0. Arrays are held in memory (below 2 GiB of data),
 * which is what fixtures and trace exports need.
 */
public final class NpyArray {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int MAX_HEADER = 1 << 20;
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /** The supported element types, by their NumPy descr. */
    private enum Kind {
        F4("<f4", 4), F8("<f8", 8), I8("<i8", 8), I4("<i4", 4), U1("|u1", 1), B1("|b1", 1);

        final String descr;
        final int size;

        Kind(String descr, int size) {
            this.descr = descr;
            this.size = size;
        }

        static Kind of(String descr) {
            String d = descr.length() == 3 && descr.charAt(0) == '<' && descr.charAt(2) == '1'
                    ? "|" + descr.substring(1) : descr;
            for (Kind k : values()) {
                if (k.descr.equals(d)) {
                    return k;
                }
            }
            return null;
        }
    }

    private final Kind kind;
    private final int[] shape;
    private final ByteBuffer data;

    private NpyArray(Kind kind, int[] shape, ByteBuffer data) {
        this.kind = kind;
        this.shape = shape.clone();
        this.data = data.order(ByteOrder.LITTLE_ENDIAN);
    }

    public static NpyArray ofFloats(float[] values, int... shape) {
        ByteBuffer b = allocate(values.length, 4, shape);
        b.asFloatBuffer().put(values);
        return new NpyArray(Kind.F4, shape, b);
    }

    public static NpyArray ofDoubles(double[] values, int... shape) {
        ByteBuffer b = allocate(values.length, 8, shape);
        b.asDoubleBuffer().put(values);
        return new NpyArray(Kind.F8, shape, b);
    }

    public static NpyArray ofLongs(long[] values, int... shape) {
        ByteBuffer b = allocate(values.length, 8, shape);
        b.asLongBuffer().put(values);
        return new NpyArray(Kind.I8, shape, b);
    }

    public static NpyArray ofInts(int[] values, int... shape) {
        ByteBuffer b = allocate(values.length, 4, shape);
        b.asIntBuffer().put(values);
        return new NpyArray(Kind.I4, shape, b);
    }

    /** Unsigned bytes ({@code |u1}), e.g. an H x W x 3 RGB image. */
    public static NpyArray ofUnsignedBytes(byte[] values, int... shape) {
        ByteBuffer b = allocate(values.length, 1, shape);
        b.put(values);
        return new NpyArray(Kind.U1, shape, b);
    }

    private static ByteBuffer allocate(int length, int size, int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n *= d;
        }
        if (n != length) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(shape) + " holds " + n + " elements, data has " + length);
        }
        return ByteBuffer.allocate(Math.multiplyExact(length, size)).order(ByteOrder.LITTLE_ENDIAN);
    }

    public int[] shape() {
        return shape.clone();
    }

    public String descr() {
        return kind.descr;
    }

    public int numel() {
        return data.capacity() / kind.size;
    }

    public float[] floats() {
        int n = numel();
        float[] out = new float[n];
        switch (kind) {
            case F4 -> data.asFloatBuffer().get(out);
            default -> {
                for (int i = 0; i < n; i++) {
                    out[i] = (float) element(i);
                }
            }
        }
        return out;
    }

    public double[] doubles() {
        int n = numel();
        double[] out = new double[n];
        switch (kind) {
            case F8 -> data.asDoubleBuffer().get(out);
            default -> {
                for (int i = 0; i < n; i++) {
                    out[i] = element(i);
                }
            }
        }
        return out;
    }

    /**
     * The elements as longs. Floating-point arrays convert only when every value is integral, so an id
     * array saved as floats still reads, while real-valued data is not silently truncated.
     */
    public long[] longs() {
        int n = numel();
        long[] out = new long[n];
        switch (kind) {
            case I8 -> data.asLongBuffer().get(out);
            case I4, U1, B1 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = (long) element(i);
                }
            }
            case F4, F8 -> {
                for (int i = 0; i < n; i++) {
                    double v = element(i);
                    long l = (long) v;
                    if (l != v) {
                        throw new IllegalStateException(
                                "element " + i + " = " + v + " of a " + kind.descr + " array is not an integer");
                    }
                    out[i] = l;
                }
            }
        }
        return out;
    }

    public int[] ints() {
        long[] l = longs();
        int[] out = new int[l.length];
        for (int i = 0; i < l.length; i++) {
            out[i] = Math.toIntExact(l[i]);
        }
        return out;
    }

    private double element(int i) {
        return switch (kind) {
            case F4 -> data.getFloat(i * 4);
            case F8 -> data.getDouble(i * 8);
            case I8 -> data.getLong(i * 8);
            case I4 -> data.getInt(i * 4);
            case U1 -> data.get(i) & 0xff;
            case B1 -> data.get(i) != 0 ? 1 : 0;
        };
    }

    /** Reads an .npy file; anything but a plain little-endian C-order array of a supported type is refused. */
    public static NpyArray read(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer pre = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, pre, 0, file);
            byte[] magic = new byte[6];
            pre.get(0, magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw bad(file, "not a NumPy .npy file (magic bytes missing)");
            }
            int major = pre.get(6) & 0xff;
            long headerLen;
            int prefix;
            if (major == 1) {
                headerLen = pre.getShort(8) & 0xffff;
                prefix = 10;
            } else if (major == 2 || major == 3) {
                headerLen = pre.getInt(8) & 0xffffffffL;
                prefix = 12;
            } else {
                throw bad(file, "unsupported .npy format version " + major + "." + (pre.get(7) & 0xff));
            }
            if (headerLen > MAX_HEADER || prefix + headerLen > size) {
                throw bad(file, "header length " + headerLen + " exceeds the file (" + size + " bytes)");
            }
            ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
            readFully(ch, hb, prefix, file);
            String header = new String(hb.array(), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            Matcher descr = DESCR.matcher(header);
            if (!descr.find()) {
                throw bad(file, "header has no plain 'descr' (structured or object arrays are not supported): "
                        + header.strip());
            }
            String d = descr.group(1);
            if (d.equals("|O") || d.equals("O")) {
                throw bad(file, "object arrays (pickles) are not supported");
            }
            if (d.startsWith(">")) {
                throw bad(file, "big-endian data (" + d + ") is not supported; save little-endian");
            }
            Kind kind = Kind.of(d);
            if (kind == null) {
                throw bad(file, "unsupported dtype '" + d + "' (supported: <f4 <f8 <i8 <i4 |u1 |b1)");
            }
            Matcher fortran = FORTRAN.matcher(header);
            if (!fortran.find()) {
                throw bad(file, "header has no 'fortran_order'");
            }
            if (fortran.group(1).equals("True")) {
                throw bad(file, "Fortran-order arrays are not supported; save in C order");
            }
            Matcher sm = SHAPE.matcher(header);
            if (!sm.find()) {
                throw bad(file, "header has no 'shape'");
            }
            int[] shape = parseShape(sm.group(1), file);
            long numel = 1;
            for (int dim : shape) {
                numel = Math.multiplyExact(numel, (long) dim);
            }
            long bytes = Math.multiplyExact(numel, (long) kind.size);
            long available = size - prefix - headerLen;
            if (bytes != available) {
                throw bad(file, "shape " + Arrays.toString(shape) + " of " + d + " needs " + bytes
                        + " data bytes, the file holds " + available);
            }
            if (bytes > Integer.MAX_VALUE - 8) {
                throw bad(file, "array of " + bytes + " bytes is too large to read into memory");
            }
            ByteBuffer data = ByteBuffer.allocate((int) bytes);
            readFully(ch, data, prefix + headerLen, file);
            return new NpyArray(kind, shape, data);
        } catch (IOException e) {
            throw new ModelFormatException(file + ": cannot read .npy file: " + e.getMessage(), e);
        } catch (ArithmeticException e) {
            throw bad(file, "shape too large");
        }
    }

    private static int[] parseShape(String text, Path file) {
        String t = text.strip();
        if (t.isEmpty()) {
            return new int[0];
        }
        String[] parts = t.split(",");
        int count = parts.length;
        if (parts[count - 1].isBlank()) {
            count--;
        }
        int[] shape = new int[count];
        for (int i = 0; i < count; i++) {
            String p = parts[i].strip();
            if (p.endsWith("L")) {
                p = p.substring(0, p.length() - 1);
            }
            try {
                long v = Long.parseLong(p);
                if (v < 0 || v > Integer.MAX_VALUE) {
                    throw bad(file, "invalid dimension " + p + " in shape (" + text + ")");
                }
                shape[i] = (int) v;
            } catch (NumberFormatException e) {
                throw bad(file, "invalid shape (" + text + ")");
            }
        }
        return shape;
    }

    /** Fills {@code dst} and flips it for reading. */
    private static void readFully(FileChannel ch, ByteBuffer dst, long position, Path file) throws IOException {
        ChannelReads.readFully(ch, dst, position, file);
        dst.flip();
    }

    private static ModelFormatException bad(Path file, String what) {
        return new ModelFormatException(file + ": " + what);
    }

    /** Writes format 1.0, little-endian, C order; the header is padded to a multiple of 64 bytes as NumPy does. */
    public void write(Path file) {
        writeFile(file, kind, shape, out -> {
            ByteBuffer d = data.duplicate();
            d.clear();
            byte[] chunk = new byte[1 << 16];
            while (d.hasRemaining()) {
                int n = Math.min(chunk.length, d.remaining());
                d.get(chunk, 0, n);
                out.write(chunk, 0, n);
            }
        });
    }

    /**
     * Writes a float32 [rows, cols] file row by row, as {@link #write} would write
     * {@code ofFloats(all rows, rows, cols)}, without holding all rows in one buffer.
     *
     * @param row the values of row r ({@code cols} of them)
     */
    public static void writeFloatRows(Path file, int rows, int cols, IntFunction<float[]> row) {
        writeFile(file, Kind.F4, new int[] {rows, cols}, out -> {
            ByteBuffer bytes = ByteBuffer.allocate(Math.multiplyExact(cols, 4)).order(ByteOrder.LITTLE_ENDIAN);
            for (int r = 0; r < rows; r++) {
                float[] values = row.apply(r);
                if (values.length != cols) {
                    throw new IllegalArgumentException("row " + r + " has " + values.length + " values, not " + cols);
                }
                bytes.clear();
                bytes.asFloatBuffer().put(values);
                out.write(bytes.array());
            }
        });
    }

    /** The body of a file after its header. */
    private interface Body {
        void write(OutputStream out) throws IOException;
    }

    private static void writeFile(Path file, Kind kind, int[] shape, Body body) {
        StringBuilder sb = new StringBuilder("{'descr': '").append(kind.descr)
                .append("', 'fortran_order': False, 'shape': (");
        for (int i = 0; i < shape.length; i++) {
            sb.append(shape[i]);
            if (shape.length == 1 || i < shape.length - 1) {
                sb.append(shape.length == 1 ? "," : ", ");
            }
        }
        sb.append("), }");
        int unpadded = 10 + sb.length() + 1;
        sb.append(" ".repeat((64 - unpadded % 64) % 64)).append('\n');
        byte[] header = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer pre = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
        pre.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length);
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                out.write(pre.array());
                out.write(header);
                body.write(out);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "NpyArray" + Arrays.toString(shape) + " " + kind.descr;
    }
}
