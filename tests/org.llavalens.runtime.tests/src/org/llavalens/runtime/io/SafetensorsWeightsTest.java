package org.llavalens.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llavalens.runtime.testing.Fixtures;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

class SafetensorsWeightsTest {

    @TempDir
    Path tmp;

    /** name -> [legacy name, transformers >= 4.52 name, shape] from the fixture's param_names.json */
    static Map<String, JsonObject> paramNames(String fixture) throws IOException {
        try (Reader r = Files.newBufferedReader(Fixtures.file(fixture, "param_names.json"))) {
            Map<String, JsonObject> out = new HashMap<>();
            for (JsonElement e : JsonParser.parseReader(r).getAsJsonObject().getAsJsonArray("names")) {
                out.put(e.getAsJsonObject().get("name").getAsString(), e.getAsJsonObject());
            }
            return out;
        }
    }

    static long[] shapeOf(JsonObject param) {
        return param.getAsJsonArray("shape").asList().stream().mapToLong(JsonElement::getAsLong).toArray();
    }

    @Test
    void llavaFixtureExposesEveryParameterWithItsShape() throws IOException {
        for (String fixture : new String[] {"a", "b", "d"}) {
            Map<String, JsonObject> expected = paramNames(fixture);
            try (SafetensorsWeights w = SafetensorsWeights.open(Fixtures.dir(fixture))) {
                assertEquals(new TreeSet<>(expected.keySet()), new TreeSet<>(w.names()), fixture);
                assertEquals(!fixture.equals("d"), w.isLlava());
                for (String name : w.names()) {
                    TensorInfo info = w.info(name);
                    assertArrayEquals(shapeOf(expected.get(name)), info.shape(), name);
                    assertEquals(DType.F32, info.dtype());
                }
                assertEquals(DType.F32, w.storedDType());
            }
        }
    }

    @Test
    void plainLlamaKeepsModelNames() throws IOException {
        try (SafetensorsWeights w = SafetensorsWeights.open(Fixtures.dir("d"))) {
            assertTrue(w.contains("model.embed_tokens.weight"));
            assertTrue(w.contains("lm_head.weight"));
            assertTrue(w.contains("model.norm.weight"));
        }
    }

    /**
     * The input embedding at the last position (a text token) is the embedding row of its id: an exact
     * identity between the weights and HF's captured layer input.
     */
    @Test
    void embeddingRowsMatchTheReferenceLayerInput() {
        for (String fixture : new String[] {"a", "b"}) {
            long[] ids = NpyArray.read(Fixtures.file(fixture, "input_ids.npy")).longs();
            float[] layerIn = NpyArray.read(Fixtures.file(fixture, "expected/layer_in_last.f32.npy")).floats();
            try (SafetensorsWeights w = SafetensorsWeights.open(Fixtures.dir(fixture))) {
                String name = "language_model.model.embed_tokens.weight";
                int d = w.info(name).dim(1);
                float[] row = new float[d];
                w.readFloats(name, ids[ids.length - 1] * d, d, FloatBuffer.wrap(row));
                for (int i = 0; i < d; i++) {
                    assertEquals(layerIn[i], row[i], 0f, fixture + " element " + i);
                }
            }
        }
    }

    /** embed_proj_scores[k][i] = E[top5[k][i]] . image_features[k], from the reference run (float64 arithmetic). */
    @Test
    void embeddingMatrixReproducesReferenceDotProducts() {
        float[] features = NpyArray.read(Fixtures.file("a", "expected/image_features.f64.npy")).floats();
        long[] top = NpyArray.read(Fixtures.file("a", "expected/embed_proj_top5.f64.npy")).longs();
        double[] scores = NpyArray.read(Fixtures.file("a", "expected/embed_proj_scores.f64.npy")).doubles();
        try (SafetensorsWeights w = SafetensorsWeights.open(Fixtures.dir("a"))) {
            float[] e = w.floats("language_model.model.embed_tokens.weight");
            int d = 64;
            for (int k = 0; k < 16; k++) {
                for (int i = 0; i < 5; i++) {
                    double dot = 0;
                    for (int c = 0; c < d; c++) {
                        dot += (double) e[(int) top[k * 5 + i] * d + c] * features[k * d + c];
                    }
                    assertEquals(scores[k * 5 + i], dot, 1e-5);
                }
            }
        }
    }

    @Test
    void rangeReadsEqualSlicesOfWholeReads() {
        try (SafetensorsWeights w = SafetensorsWeights.open(Fixtures.dir("a"))) {
            String name = "language_model.lm_head.weight";
            float[] all = w.floats(name);
            float[] part = new float[100];
            w.readFloats(name, 1234, 100, FloatBuffer.wrap(part));
            for (int i = 0; i < 100; i++) {
                assertEquals(all[1234 + i], part[i]);
            }
            FloatBuffer direct = java.nio.ByteBuffer.allocateDirect(all.length * 4)
                    .order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer();
            w.readFloats(name, direct);
            assertFalse(direct.hasRemaining());
            for (int i = 0; i < all.length; i++) {
                assertEquals(all[i], direct.get(i));
            }
        }
    }

    @Test
    void contentHashIsStableAndTracksTheFiles() throws IOException {
        String h1;
        try (SafetensorsWeights w = SafetensorsWeights.open(Fixtures.dir("a"))) {
            h1 = w.contentHash();
        }
        try (SafetensorsWeights w = SafetensorsWeights.open(Fixtures.dir("a"))) {
            assertEquals(h1, w.contentHash());
            assertEquals(64, h1.length());
        }
        try (SafetensorsWeights w = SafetensorsWeights.open(Fixtures.dir("b"))) {
            assertNotEquals(h1, w.contentHash());
        }
        Path copy = tmp.resolve("m");
        Files.createDirectories(copy);
        try (SafetensorsWeights w = SafetensorsWeights.open(Fixtures.dir("a"))) {
            new SafetensorsWriter(DType.BF16).addAll(w).write(copy);
        }
        try (SafetensorsWeights w = SafetensorsWeights.open(copy)) {
            assertNotEquals(h1, w.contentHash());
            assertEquals(DType.BF16, w.storedDType());
        }
    }
}
