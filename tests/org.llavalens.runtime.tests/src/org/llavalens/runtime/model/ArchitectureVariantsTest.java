package org.llavalens.runtime.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llavalens.runtime.io.DType;
import org.llavalens.runtime.io.SafetensorsWeights;
import org.llavalens.runtime.io.SafetensorsWriter;
import org.llavalens.runtime.trace.CaptureSpec;
import org.llavalens.runtime.trace.ForwardTrace;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Settings the fixtures do not exercise, checked through exact equivalences: grouped-query attention
 * equals multi-head attention with each key/value head repeated, and the "full" feature strategy
 * gives the "default" features plus the CLS row in front.
 */
class ArchitectureVariantsTest {

    @TempDir
    Path temp;

    @Test
    void groupedQueryAttentionEqualsRepeatedKeyValueHeads() throws IOException {
        Reference d = new Reference("d");
        int heads = d.config().text().numHeads();
        int hd = d.config().text().headDim();
        int kvHeads = 1;
        Path gqa = temp.resolve("gqa");
        Path mha = temp.resolve("mha");
        try (SafetensorsWeights source = SafetensorsWeights.open(d.dir)) {
            copyModel(d, source, gqa, c -> with(c, "num_key_value_heads", kvHeads), rows -> rows / heads * kvHeads,
                    false);
            copyModel(d, source, mha, c -> c, rows -> rows, true);
        }
        int[] ids = d.inputIds();
        try (LoadedModel grouped = ModelLoader.load(gqa); LoadedModel full = ModelLoader.load(mha)) {
            assertEquals(kvHeads, grouped.config().text().numKeyValueHeads());
            ForwardTrace a = grouped.forward(grouped.prepare(ids), CaptureSpec.ATTRIBUTION, null);
            ForwardTrace b = full.forward(full.prepare(ids), CaptureSpec.ATTRIBUTION, null);
            assertClose(b.logits(), a.logits(), 1e-5, "logits");
            for (int l = 0; l < a.model().numLayers(); l++) {
                for (int h = 0; h < heads; h++) {
                    assertClose(b.attentionWeights(l, h), a.attentionWeights(l, h), 1e-6, "A " + l + "," + h);
                    assertClose(b.headOutput(l, h), a.headOutput(l, h), 1e-5, "o " + l + "," + h);
                    float[][] ca = a.headContributions(l, h);
                    float[][] cb = b.headContributions(l, h);
                    for (int j = 0; j < ca.length; j++) {
                        assertClose(cb[j], ca[j], 1e-5, "c " + l + "," + h + "," + j);
                    }
                }
            }
            assertEquals(java.util.Arrays.toString(full.generate(full.prepare(ids), 4, null)),
                    java.util.Arrays.toString(grouped.generate(grouped.prepare(ids), 4, null)));
        }
        assertEquals(hd, d.config().text().headDim());
    }

    /**
     * Writes {@code ref}'s model with a changed config. k/v projections keep the first
     * {@code kvRows(rows)} rows (the first key/value heads); with {@code repeatFirstHead} every
     * head's rows are replaced by the first head's, which is what grouped-query attention with a
     * single key/value head computes.
     */
    private static void copyModel(Reference ref, SafetensorsWeights source, Path folder,
            UnaryOperator<JsonObject> config, java.util.function.IntUnaryOperator kvRows, boolean repeatFirstHead)
            throws IOException {
        Files.createDirectories(folder);
        JsonObject json = JsonParser.parseString(Files.readString(ref.dir.resolve("config.json"))).getAsJsonObject();
        Files.writeString(folder.resolve("config.json"), config.apply(json).toString());
        int hd = ref.config().text().headDim();
        int d = ref.config().text().hiddenSize();
        SafetensorsWriter writer = new SafetensorsWriter(DType.F32);
        for (String name : source.names()) {
            float[] values = source.floats(name);
            long[] shape = source.info(name).shape();
            if (name.endsWith("k_proj.weight") || name.endsWith("v_proj.weight")) {
                if (repeatFirstHead) {
                    for (int r = hd; r < shape[0]; r++) {
                        System.arraycopy(values, (r % hd) * d, values, r * d, d);
                    }
                } else {
                    int rows = kvRows.applyAsInt((int) shape[0]);
                    values = java.util.Arrays.copyOf(values, rows * d);
                    shape = new long[] {rows, d};
                }
            }
            writer.add(name, shape, values);
        }
        writer.write(folder);
    }

    private static JsonObject with(JsonObject config, String key, int value) {
        config.addProperty(key, value);
        return config;
    }

    @Test
    void fullStrategyKeepsTheClsFeature() throws IOException {
        Reference a = new Reference("a");
        Path folder = temp.resolve("full");
        Files.createDirectories(folder);
        JsonObject json = JsonParser.parseString(Files.readString(a.dir.resolve("config.json"))).getAsJsonObject();
        json.addProperty("vision_feature_select_strategy", "full");
        Files.writeString(folder.resolve("config.json"), json.toString());
        Files.copy(a.dir.resolve("model.safetensors"), folder.resolve("model.safetensors"));
        int[] ids = a.inputIds();
        int[] withCls = new int[ids.length + 1];
        System.arraycopy(ids, 0, withCls, 0, 6);
        withCls[6] = 300;
        System.arraycopy(ids, 6, withCls, 7, ids.length - 6);
        try (LoadedModel full = ModelLoader.load(folder); LoadedModel plain = ModelLoader.load(a.dir)) {
            PreparedInput input = full.prepare(a.pixelValues(), withCls);
            assertEquals(6, input.imageSpan().orElseThrow().start(), "the span starts with the CLS feature");
            assertEquals(7, input.imageSpan().orElseThrow().firstPatch());
            assertEquals(23, input.imageSpan().orElseThrow().end());
            float[][] fullFeatures = full.forward(input, CaptureSpec.MINIMAL, null).imageFeatures().orElseThrow();
            float[][] features = plain.forward(plain.prepare(a.pixelValues(), ids), CaptureSpec.MINIMAL, null)
                    .imageFeatures().orElseThrow();
            assertEquals(features.length + 1, fullFeatures.length);
            for (int k = 0; k < features.length; k++) {
                assertClose(features[k], fullFeatures[k + 1], 1e-5, "feature " + k);
            }
        }
    }

    private static void assertClose(float[] expected, float[] got, double tol, String what) {
        assertEquals(expected.length, got.length, what);
        for (int i = 0; i < got.length; i++) {
            assertEquals(expected[i], got[i], tol, what + " [" + i + "]");
        }
    }
}
