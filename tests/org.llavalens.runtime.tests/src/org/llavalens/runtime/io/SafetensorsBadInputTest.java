package org.llavalens.runtime.io;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llavalens.runtime.testing.Fixtures;
import org.llavalens.runtime.testing.SafetensorsBytes;

/** Each malformed file gives one ModelFormatException naming the file and the problem. */
class SafetensorsBadInputTest {

    @TempDir
    Path tmp;

    private static final String GOOD_TENSOR = "\"t\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]}";

    private void assertRejected(Path file, String... expectedParts) {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> SafetensorsFile.open(file).close());
        String m = e.getMessage();
        assertTrue(m.contains(file.getFileName().toString()), m);
        for (String part : expectedParts) {
            assertTrue(m.contains(part), "'" + part + "' not in: " + m);
        }
        assertTrue(!m.contains("\n"), "one line: " + m);
    }

    @Test
    void wellFormedHandMadeFileOpens() throws IOException {
        Path f = SafetensorsBytes.write(tmp.resolve("ok.safetensors"), "{" + GOOD_TENSOR + "}", 24);
        try (SafetensorsFile s = SafetensorsFile.open(f)) {
            assertTrue(Arrays.equals(new long[] {2, 3}, s.info("t").shape()));
        }
    }

    @Test
    void emptyFile() throws IOException {
        Path f = tmp.resolve("empty.safetensors");
        Files.write(f, new byte[3]);
        assertRejected(f, "truncated");
    }

    @Test
    void truncatedHeader() throws IOException {
        byte[] header = ("{" + GOOD_TENSOR + "}").getBytes(StandardCharsets.UTF_8);
        Path f = SafetensorsBytes.write(tmp.resolve("trunc.safetensors"), header.length + 24 + 100,
                header, 24);
        assertRejected(f, "header length", "does not fit");
    }

    @Test
    void truncatedData() throws IOException {
        Path full = Fixtures.file("a", "model.safetensors");
        byte[] all = Files.readAllBytes(full);
        Path f = tmp.resolve("cut.safetensors");
        Files.write(f, Arrays.copyOf(all, all.length - 1000));
        assertRejected(f, "past the end");
    }

    @Test
    void garbageHeader() throws IOException {
        Path f = SafetensorsBytes.write(tmp.resolve("garbage.safetensors"), "{\"t\": [[[ nonsense", 0);
        assertRejected(f, "invalid JSON header");
    }

    @Test
    void notJsonAtAll() throws IOException {
        Path f = tmp.resolve("random.safetensors");
        byte[] junk = new byte[4096];
        new java.util.Random(7).nextBytes(junk);
        Files.write(f, junk);
        assertRejected(f);
    }

    @Test
    void invalidUtf8InHeader() throws IOException {
        byte[] header = "{\"t\u00ff\":{}}".getBytes(StandardCharsets.ISO_8859_1);
        Path f = SafetensorsBytes.write(tmp.resolve("utf8.safetensors"), header.length, header, 0);
        assertRejected(f, "invalid JSON header");
    }

    @Test
    void headerLengthLargerThanFile() throws IOException {
        byte[] header = ("{" + GOOD_TENSOR + "}").getBytes(StandardCharsets.UTF_8);
        Path f = SafetensorsBytes.write(tmp.resolve("long.safetensors"), 1L << 40, header, 24);
        assertRejected(f, "header length 1099511627776");
    }

    @Test
    void headerLengthTwoToThe62() throws IOException {
        byte[] header = ("{" + GOOD_TENSOR + "}").getBytes(StandardCharsets.UTF_8);
        Path f = SafetensorsBytes.write(tmp.resolve("huge.safetensors"), 1L << 62, header, 24);
        assertRejected(f, "header length 4611686018427387904");
    }

    @Test
    void negativeHeaderLength() throws IOException {
        byte[] header = ("{" + GOOD_TENSOR + "}").getBytes(StandardCharsets.UTF_8);
        Path f = SafetensorsBytes.write(tmp.resolve("neg.safetensors"), -8, header, 24);
        assertRejected(f, "header length");
    }

    @Test
    void offsetsPastTheEnd() throws IOException {
        Path f = SafetensorsBytes.write(tmp.resolve("past.safetensors"),
                "{\"t\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[1000,1024]}}", 24);
        assertRejected(f, "'t'");
    }

    @Test
    void offsetsBeyondLongRange() throws IOException {
        Path f = SafetensorsBytes.write(tmp.resolve("big.safetensors"),
                "{\"t\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,99999999999999999999]}}", 24);
        assertRejected(f, "not a 64-bit integer");
    }

    @Test
    void beginAfterEnd() throws IOException {
        Path f = SafetensorsBytes.write(tmp.resolve("order.safetensors"),
                "{\"t\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[24,0]}}", 24);
        assertRejected(f, "begin > end");
    }

    @Test
    void shapeAndByteLengthMismatch() throws IOException {
        Path f = SafetensorsBytes.write(tmp.resolve("mismatch.safetensors"),
                "{\"t\":{\"dtype\":\"F32\",\"shape\":[2,4],\"data_offsets\":[0,24]}}", 24);
        assertRejected(f, "needs 32 bytes", "span 24");
    }

    @Test
    void overflowingShape() throws IOException {
        Path f = SafetensorsBytes.write(tmp.resolve("overflow.safetensors"),
                "{\"t\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,24]}}", 24);
        assertRejected(f, "too large");
    }

    @Test
    void overlappingTensors() throws IOException {
        Path f = SafetensorsBytes.write(tmp.resolve("overlap.safetensors"), "{" + GOOD_TENSOR
                + ",\"u\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[16,24]}}", 24);
        assertRejected(f, "overlaps");
    }

    @Test
    void trailingBytesAfterTheLastTensor() throws IOException {
        Path f = SafetensorsBytes.write(tmp.resolve("trailing.safetensors"), "{" + GOOD_TENSOR + "}", 40);
        assertRejected(f, "trailing");
    }

    @Test
    void unexpectedDtypeF8() throws IOException {
        Path f = SafetensorsBytes.write(tmp.resolve("f8.safetensors"),
                "{\"t\":{\"dtype\":\"F8_E4M3\",\"shape\":[2],\"data_offsets\":[0,2]}}", 2);
        assertRejected(f, "unsupported dtype 'F8_E4M3'");
    }

    @Test
    void unknownDtype() throws IOException {
        Path f = SafetensorsBytes.write(tmp.resolve("x99.safetensors"),
                "{\"t\":{\"dtype\":\"X99\",\"shape\":[2],\"data_offsets\":[0,2]}}", 2);
        assertRejected(f, "unsupported dtype 'X99'");
    }

    @Test
    void duplicateTensorName() throws IOException {
        Path f = SafetensorsBytes.write(tmp.resolve("dup.safetensors"), "{" + GOOD_TENSOR + "," + GOOD_TENSOR + "}", 24);
        assertRejected(f, "listed twice");
    }

    @Test
    void missingField() throws IOException {
        Path f = SafetensorsBytes.write(tmp.resolve("nofield.safetensors"),
                "{\"t\":{\"dtype\":\"F32\",\"shape\":[2,3]}}", 24);
        assertRejected(f, "lacks data_offsets");
    }

    @Test
    void missingTensorInWeights() throws IOException {
        try (SafetensorsWeights w = SafetensorsWeights.open(Fixtures.dir("a"))) {
            ModelFormatException e = assertThrows(ModelFormatException.class,
                    () -> w.info("language_model.model.layers.9.mlp.up_proj.weight"));
            assertTrue(e.getMessage().contains("no tensor 'language_model.model.layers.9.mlp.up_proj.weight'"),
                    e.getMessage());
            assertThrows(ModelFormatException.class, () -> w.floats("nope"));
        }
    }

    @Test
    void folderWithoutWeights() {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> SafetensorsWeights.open(tmp));
        assertTrue(e.getMessage().contains("model.safetensors"), e.getMessage());
    }

    @Test
    void indexNamingAMissingShard() throws IOException {
        Path dir = tmp.resolve("sharded");
        try (SafetensorsWeights a = SafetensorsWeights.open(Fixtures.dir("a"))) {
            new SafetensorsWriter(DType.F32).maxShardBytes(300_000).addAll(a).write(dir);
        }
        Files.delete(dir.resolve("model-00002-of-00004.safetensors"));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> SafetensorsWeights.open(dir));
        assertTrue(e.getMessage().contains("model-00002-of-00004.safetensors"), e.getMessage());
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void indexPlacingATensorInTheWrongShard() throws IOException {
        Path dir = tmp.resolve("wrong");
        try (SafetensorsWeights a = SafetensorsWeights.open(Fixtures.dir("a"))) {
            new SafetensorsWriter(DType.F32).maxShardBytes(300_000).addAll(a).write(dir);
        }
        Path index = dir.resolve(SafetensorsWeights.INDEX_FILE);
        String text = Files.readString(index);
        String name = "language_model.lm_head.weight";
        String shard = text.replaceAll("(?s).*\"" + java.util.regex.Pattern.quote(name) + "\": \"([^\"]+)\".*", "$1");
        String other = shard.equals("model-00001-of-00004.safetensors") ? "model-00002-of-00004.safetensors"
                : "model-00001-of-00004.safetensors";
        Files.writeString(index, text.replace("\"" + name + "\": \"" + shard + "\"", "\"" + name + "\": \"" + other + "\""));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> SafetensorsWeights.open(dir));
        assertTrue(e.getMessage().contains(name), e.getMessage());
    }

    @Test
    void invalidIndexJson() throws IOException {
        Path dir = tmp.resolve("badindex");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(SafetensorsWeights.INDEX_FILE), "{\"metadata\": {}}");
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> SafetensorsWeights.open(dir));
        assertTrue(e.getMessage().contains("weight_map"), e.getMessage());
    }
}
