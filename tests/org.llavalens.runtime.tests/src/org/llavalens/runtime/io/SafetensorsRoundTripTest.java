package org.llavalens.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llavalens.runtime.testing.Fixtures;

/** Fixture a's weights re-encoded as BF16, F16, sharded and under the new names, then read back. */
class SafetensorsRoundTripTest {

    @TempDir
    Path tmp;

    private static void assertSameModel(WeightSource expected, WeightSource actual, DType stored) {
        assertEquals(expected.names(), actual.names());
        for (String name : expected.names()) {
            assertArrayEquals(expected.info(name).shape(), actual.info(name).shape(), name);
            assertEquals(stored, actual.info(name).dtype(), name);
            float[] want = expected.floats(name);
            float[] got = actual.floats(name);
            java.nio.FloatBuffer direct = java.nio.ByteBuffer.allocateDirect(got.length * 4)
                    .order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer();
            actual.readFloats(name, direct);
            for (int i = 0; i < got.length; i++) {
                assertEquals(Float.floatToIntBits(got[i]), Float.floatToIntBits(direct.get(i)), name + " direct");
            }
            for (int i = 0; i < want.length; i++) {
                float rounded = switch (stored) {
                    case F32 -> want[i];
                    case F16 -> FloatFormats.f16ToFloat(FloatFormats.floatToF16(want[i]));
                    case BF16 -> FloatFormats.bf16ToFloat(FloatFormats.floatToBf16(want[i]));
                    default -> throw new IllegalArgumentException();
                };
                assertEquals(Float.floatToIntBits(rounded), Float.floatToIntBits(got[i]), name + "[" + i + "]");
            }
        }
    }

    private Path rewrite(SafetensorsWriter writer, WeightSource source, String dir) {
        Path out = tmp.resolve(dir);
        writer.addAll(source).write(out);
        return out;
    }

    @Test
    void bf16() {
        try (SafetensorsWeights a = SafetensorsWeights.open(Fixtures.dir("a"));
                SafetensorsWeights back = SafetensorsWeights.open(rewrite(new SafetensorsWriter(DType.BF16), a, "bf16"))) {
            assertSameModel(a, back, DType.BF16);
            assertEquals(DType.BF16, back.storedDType());
        }
    }

    @Test
    void f16() {
        try (SafetensorsWeights a = SafetensorsWeights.open(Fixtures.dir("a"));
                SafetensorsWeights back = SafetensorsWeights.open(rewrite(new SafetensorsWriter(DType.F16), a, "f16"))) {
            assertSameModel(a, back, DType.F16);
        }
    }

    @Test
    void f32IsExactAndKeepsMetadata() {
        try (SafetensorsWeights a = SafetensorsWeights.open(Fixtures.dir("a"))) {
            Path out = rewrite(new SafetensorsWriter(DType.F32).metadata("note", "round trip"), a, "f32");
            try (SafetensorsWeights back = SafetensorsWeights.open(out);
                    SafetensorsFile f = SafetensorsFile.open(out.resolve("model.safetensors"))) {
                assertSameModel(a, back, DType.F32);
                assertEquals("pt", f.metadata().get("format"));
                assertEquals("round trip", f.metadata().get("note"));
            }
        }
    }

    @Test
    void shardedIntoSeveralFiles() throws IOException {
        try (SafetensorsWeights a = SafetensorsWeights.open(Fixtures.dir("a"))) {
            Path out = rewrite(new SafetensorsWriter(DType.F32).maxShardBytes(200_000), a, "sharded");
            List<String> files;
            try (Stream<Path> s = Files.list(out)) {
                files = s.map(p -> p.getFileName().toString()).sorted().toList();
            }
            assertTrue(files.contains(SafetensorsWeights.INDEX_FILE), files.toString());
            long shards = files.stream().filter(f -> f.matches("model-\\d{5}-of-\\d{5}\\.safetensors")).count();
            assertTrue(shards >= 3, files.toString());
            assertTrue(files.contains(String.format("model-00001-of-%05d.safetensors", shards)));
            try (SafetensorsWeights back = SafetensorsWeights.open(out)) {
                assertEquals(shards, back.files().size());
                assertSameModel(a, back, DType.F32);
            }
        }
    }

    @Test
    void shardedBf16UnderTransformers452Names() {
        try (SafetensorsWeights a = SafetensorsWeights.open(Fixtures.dir("a"))) {
            Path out = rewrite(new SafetensorsWriter(DType.BF16).maxShardBytes(300_000).transformers452Names(true), a,
                    "new-names");
            try (SafetensorsWeights back = SafetensorsWeights.open(out)) {
                assertSameModel(a, back, DType.BF16);
            }
        }
    }

    /** The stored names of the new scheme are exactly those param_names.json lists for transformers >= 4.52. */
    @Test
    void transformers452NamesAreThoseOfTheReference() throws IOException {
        var expected = SafetensorsWeightsTest.paramNames("a");
        try (SafetensorsWeights a = SafetensorsWeights.open(Fixtures.dir("a"))) {
            Path out = rewrite(new SafetensorsWriter(DType.F32).transformers452Names(true), a, "new");
            try (SafetensorsFile f = SafetensorsFile.open(out.resolve("model.safetensors"))) {
                var want = new java.util.TreeSet<String>();
                expected.values().forEach(p -> want.add(p.get("name_transformers_ge_4_52_in_memory").getAsString()));
                assertEquals(want, new java.util.TreeSet<>(f.names()));
            }
            try (SafetensorsWeights back = SafetensorsWeights.open(out)) {
                for (String legacy : expected.keySet()) {
                    assertTrue(back.contains(legacy), legacy);
                }
            }
        }
    }

    @Test
    void llamaNamesStayUnderBothSchemes() {
        try (SafetensorsWeights d = SafetensorsWeights.open(Fixtures.dir("d"))) {
            Path out = rewrite(new SafetensorsWriter(DType.F16).transformers452Names(true), d, "llama");
            try (SafetensorsFile f = SafetensorsFile.open(out.resolve("model.safetensors"));
                    SafetensorsWeights back = SafetensorsWeights.open(out)) {
                assertEquals(d.names(), new java.util.TreeSet<>(f.names()));
                assertSameModel(d, back, DType.F16);
            }
        }
    }
}
