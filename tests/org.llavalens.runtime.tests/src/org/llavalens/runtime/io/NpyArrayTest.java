package org.llavalens.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llavalens.runtime.testing.Fixtures;

class NpyArrayTest {

    @TempDir
    Path tmp;

    @Test
    void readsInt64Ids() {
        NpyArray ids = NpyArray.read(Fixtures.file("a", "input_ids.npy"));
        assertArrayEquals(new int[] {1, 28}, ids.shape());
        assertEquals("<i8", ids.descr());
        long[] l = ids.longs();
        // README: BOS first, 16 x <image> (300) at [6, 22)
        assertEquals(1, l[0]);
        for (int i = 6; i < 22; i++) {
            assertEquals(300, l[i]);
        }
        assertTrue(l[5] != 300 && l[22] != 300);
    }

    @Test
    void rewritesNumpyFilesByteIdentically() throws IOException {
        for (String name : new String[] {"pixel_values.npy", "input_ids.npy", "image_rgb_uint8.npy",
                "expected/logits_last.f64.npy", "expected/embed_proj_top5.f32.npy", "expected/attn_last.f32.npy"}) {
            Path src = Fixtures.file("a", name);
            NpyArray a = NpyArray.read(src);
            Path out = tmp.resolve("x.npy");
            a.write(out);
            assertArrayEquals(Files.readAllBytes(src), Files.readAllBytes(out), name);
        }
    }

    @Test
    void rowByRowWriteIsByteIdenticalToTheFixture() throws IOException {
        // logits_all.f32.npy is float32 [T, V] as NumPy wrote it: streamed rows must give the same bytes.
        Path src = Fixtures.file("b", "expected/logits_all.f32.npy");
        NpyArray all = NpyArray.read(src);
        int rows = all.shape()[0];
        int cols = all.shape()[1];
        float[] flat = all.floats();
        Path out = tmp.resolve("rows.npy");
        NpyArray.writeFloatRows(out, rows, cols, r -> java.util.Arrays.copyOfRange(flat, r * cols, (r + 1) * cols));
        assertArrayEquals(Files.readAllBytes(src), Files.readAllBytes(out));
        assertThrows(IllegalArgumentException.class,
                () -> NpyArray.writeFloatRows(tmp.resolve("short.npy"), 2, 3, r -> new float[2]));
    }

    @Test
    void uint8ImageMatchesShapeAndConverts() {
        NpyArray img = NpyArray.read(Fixtures.file("a", "image_rgb_uint8.npy"));
        assertEquals("|u1", img.descr());
        assertArrayEquals(new int[] {56, 56, 3}, img.shape());
        float[] f = img.floats();
        long[] l = img.longs();
        for (int i = 0; i < f.length; i++) {
            assertTrue(l[i] >= 0 && l[i] <= 255);
            assertEquals(l[i], (long) f[i]);
        }
    }

    @Test
    void factoriesRoundTripEveryType() {
        float[] f = {1.5f, -2f, Float.MIN_VALUE, Float.NaN, Float.POSITIVE_INFINITY, 0f};
        double[] d = {Math.PI, -0.0, Double.MAX_VALUE, 1e-300};
        long[] l = {Long.MIN_VALUE, -1, 0, Long.MAX_VALUE};
        Path p = tmp.resolve("f.npy");
        NpyArray.ofFloats(f, 2, 3).write(p);
        NpyArray rf = NpyArray.read(p);
        assertArrayEquals(new int[] {2, 3}, rf.shape());
        assertArrayEquals(f, rf.floats());
        NpyArray.ofDoubles(d, 4).write(p);
        assertArrayEquals(d, NpyArray.read(p).doubles());
        assertEquals("<f8", NpyArray.read(p).descr());
        NpyArray.ofLongs(l, 2, 2).write(p);
        assertArrayEquals(l, NpyArray.read(p).longs());
        NpyArray.ofLongs(new long[] {7}).write(p);
        assertArrayEquals(new int[0], NpyArray.read(p).shape());
        assertArrayEquals(new long[] {7}, NpyArray.read(p).longs());
        NpyArray.ofInts(new int[] {3, -4}, 2).write(p);
        assertEquals("<i4", NpyArray.read(p).descr());
        assertArrayEquals(new double[] {3, -4}, NpyArray.read(p).doubles());
        assertThrows(IllegalArgumentException.class, () -> NpyArray.ofFloats(f, 4));
        assertThrows(IllegalStateException.class, () -> NpyArray.ofFloats(new float[] {0.5f}, 1).longs());
    }

    @Test
    void readsFormatVersion2() throws IOException {
        Path src = Fixtures.file("a", "pixel_values.npy");
        byte[] v1 = Files.readAllBytes(src);
        int headerLen = (v1[8] & 0xff) | (v1[9] & 0xff) << 8;
        ByteBuffer v2 = ByteBuffer.allocate(v1.length + 2).order(ByteOrder.LITTLE_ENDIAN);
        v2.put(v1, 0, 6).put((byte) 2).put((byte) 0).putInt(headerLen).put(v1, 10, v1.length - 10);
        Path p = tmp.resolve("v2.npy");
        Files.write(p, v2.array());
        assertArrayEquals(NpyArray.read(src).floats(), NpyArray.read(p).floats());
    }

    @Test
    void readsBooleans() throws IOException {
        Path p = tmp.resolve("b.npy");
        Files.write(p, npy("{'descr': '|b1', 'fortran_order': False, 'shape': (3,), }", new byte[] {1, 0, 1}));
        assertArrayEquals(new long[] {1, 0, 1}, NpyArray.read(p).longs());
    }

    @Test
    void rejectsFortranOrder() throws IOException {
        assertRejected("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }", new byte[16], "Fortran");
    }

    @Test
    void rejectsBigEndian() throws IOException {
        assertRejected("{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }", new byte[8], "big-endian");
    }

    @Test
    void rejectsPickledObjects() throws IOException {
        assertRejected("{'descr': '|O', 'fortran_order': False, 'shape': (2,), }", new byte[16], "pickles");
    }

    @Test
    void rejectsUnsupportedDtype() throws IOException {
        assertRejected("{'descr': '<c16', 'fortran_order': False, 'shape': (1,), }", new byte[16], "<c16");
    }

    @Test
    void rejectsTruncatedData() throws IOException {
        assertRejected("{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }", new byte[12], "holds 12");
    }

    @Test
    void rejectsNonNpy() throws IOException {
        Path p = tmp.resolve("bad.npy");
        Files.writeString(p, "hello world, not numpy");
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> NpyArray.read(p));
        assertTrue(e.getMessage().contains("magic"), e.getMessage());
        Path empty = tmp.resolve("empty.npy");
        Files.write(empty, new byte[0]);
        e = assertThrows(ModelFormatException.class, () -> NpyArray.read(empty));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    private void assertRejected(String header, byte[] data, String expected) throws IOException {
        Path p = tmp.resolve("bad.npy");
        Files.write(p, npy(header, data));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> NpyArray.read(p));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().contains("bad.npy"), e.getMessage());
    }

    static byte[] npy(String dict, byte[] data) {
        String h = dict + "\n";
        byte[] hb = h.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(10 + hb.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) hb.length).put(hb).put(data);
        return b.array();
    }
}
