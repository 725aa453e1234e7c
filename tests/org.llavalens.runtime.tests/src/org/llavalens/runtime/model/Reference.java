package org.llavalens.runtime.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import org.llavalens.runtime.config.ConfigLoader;
import org.llavalens.runtime.config.ModelConfig;
import org.llavalens.runtime.io.NpyArray;
import org.llavalens.runtime.io.SafetensorsWeights;
import org.llavalens.runtime.testing.Fixtures;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * One reference fixture (Hugging Face outputs on a tiny model) and the comparisons against it. The
 * largest difference seen per array is kept so that a test can print what it observed.
 */
final class Reference {

    final String name;
    final Path dir;
    final JsonObject manifest;
    final Map<String, Double> maxDiff = new TreeMap<>();

    Reference(String name) {
        this.name = name;
        this.dir = Fixtures.dir(name);
        try {
            this.manifest = JsonParser.parseString(java.nio.file.Files.readString(dir.resolve("manifest.json")))
                    .getAsJsonObject();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    ModelConfig config() {
        return ConfigLoader.load(dir);
    }

    LlavaRuntime open(WeightResidency residency) {
        return new LlavaRuntime(config(), SafetensorsWeights.open(dir), residency, name);
    }

    int[] inputIds() {
        long[] ids = NpyArray.read(dir.resolve("input_ids.npy")).longs();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = Math.toIntExact(ids[i]);
        }
        return out;
    }

    float[] pixelValues() {
        Path p = dir.resolve("pixel_values.npy");
        return java.nio.file.Files.exists(p) ? NpyArray.read(p).floats() : null;
    }

    NpyArray expected(String array) {
        return NpyArray.read(dir.resolve("expected").resolve(array + ".f32.npy"));
    }

    int[] manifestInts(String key) {
        return intArray(manifest.getAsJsonArray(key));
    }

    static int[] intArray(com.google.gson.JsonArray array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).getAsInt();
        }
        return out;
    }

    /**
     * Asserts |got - expected[offset + i]| <= atol + rtol |expected| for every i and records the
     * largest difference under {@code array}.
     */
    void assertClose(String array, float[] got, double[] expected, int offset, double atol, double rtol) {
        double max = 0;
        for (int i = 0; i < got.length; i++) {
            double e = expected[offset + i];
            double d = Math.abs(got[i] - e);
            max = Math.max(max, d);
            if (!(d <= atol + rtol * Math.abs(e))) {
                fail(name + " " + array + "[" + (offset + i) + "]: got " + got[i] + ", expected " + e + " (diff " + d
                        + ")");
            }
        }
        maxDiff.merge(array, max, Math::max);
    }

    void assertIds(String what, int[] expected, int[] got) {
        assertArrayEquals(expected, got, name + " " + what);
    }

    void report() {
        System.out.println("fixture " + name + " max |Java - HF f32|: " + maxDiff);
    }
}
