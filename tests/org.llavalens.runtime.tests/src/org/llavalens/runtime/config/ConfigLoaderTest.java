package org.llavalens.runtime.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llavalens.runtime.io.ModelFormatException;
import org.llavalens.runtime.testing.Fixtures;

class ConfigLoaderTest {

    @TempDir
    Path tmp;

    @Test
    void completeHubAndFullFormsAgree() {
        for (String fixture : new String[] {"a", "b"}) {
            ModelConfig saved = ConfigLoader.load(Fixtures.dir(fixture));
            assertEquals(saved, ConfigLoader.load(Fixtures.file(fixture, "config_hub_style.json")), fixture);
            assertEquals(saved, ConfigLoader.load(Fixtures.file(fixture, "config_full.json")), fixture);
        }
    }

    @Test
    void fixtureAMatchesItsReadme() {
        ModelConfig c = ConfigLoader.load(Fixtures.dir("a"));
        assertTrue(c.isLlava());
        assertEquals(new TextConfig(64, 128, 4, 4, 4, 16, 1e-5, 10000.0, 302, 256, 1, 2, false), c.text());
        VisionConfig v = c.vision().orElseThrow();
        assertEquals(new VisionConfig(32, 64, 2, 4, 56, 14, 3, 1e-5, "quick_gelu"), v);
        assertEquals(16, v.numPatches());
        assertEquals(-2, c.visionFeatureLayer());
        assertEquals("default", c.visionFeatureSelectStrategy());
        assertEquals("gelu", c.projectorHiddenAct());
        assertEquals(300, c.imageTokenIndex());
        VisionConfig vb = ConfigLoader.load(Fixtures.dir("b")).vision().orElseThrow();
        assertEquals(84, vb.imageSize());
        assertEquals(36, vb.numPatches());
        assertEquals(3, vb.numLayers());
    }

    @Test
    void llamaFixtureD() {
        ModelConfig c = ConfigLoader.load(Fixtures.dir("d"));
        assertFalse(c.isLlava());
        assertEquals("llama", c.modelType());
        assertEquals(new TextConfig(80, 176, 5, 5, 5, 16, 1e-5, 10000.0, 320, 256, 1, 2, false), c.text());
        assertEquals(c, ConfigLoader.load(Fixtures.file("d", "config_full.json")));
    }

    /** The hub's llava-1.5-7b-hf layout: the 7B dimensions come from the LlamaConfig defaults. */
    @Test
    void hubLlava7bLayoutGetsLlamaDefaults() {
        ModelConfig c = ConfigLoader.load(Path.of("resources/configs/llava-1.5-7b-hf.json"));
        assertEquals(new TextConfig(4096, 11008, 32, 32, 32, 128, 1e-5, 10000.0, 32064, 4096, 1, 2, false), c.text());
        VisionConfig v = c.vision().orElseThrow();
        assertEquals(new VisionConfig(1024, 4096, 24, 16, 336, 14, 3, 1e-5, "quick_gelu"), v);
        assertEquals(576, v.numPatches());
        assertEquals(32000, c.imageTokenIndex());
    }

    @Test
    void emptySubConfigsAreAllDefaults() throws IOException {
        Path f = write("{\"model_type\": \"llava\", \"text_config\": {}, \"vision_config\": {}}");
        ModelConfig c = ConfigLoader.load(f);
        assertEquals(new TextConfig(4096, 11008, 32, 32, 32, 128, 1e-6, 10000.0, 32000, 2048, 1, 2, false), c.text());
        assertEquals(new VisionConfig(768, 3072, 12, 12, 224, 32, 3, 1e-5, "quick_gelu"), c.vision().orElseThrow());
        assertEquals(32000, c.imageTokenIndex());
        assertEquals(-2, c.visionFeatureLayer());
    }

    @Test
    void groupedQueryAttentionAndExplicitHeadDim() throws IOException {
        Path f = write("{\"model_type\": \"llama\", \"hidden_size\": 96, \"num_attention_heads\": 8,"
                + " \"num_key_value_heads\": 2, \"head_dim\": 16}");
        TextConfig t = ConfigLoader.load(f).text();
        assertEquals(2, t.numKeyValueHeads());
        assertEquals(16, t.headDim());
    }

    @Test
    void missingConfig() {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ConfigLoader.load(tmp));
        assertTrue(e.getMessage().contains("config.json") && e.getMessage().contains("not found"), e.getMessage());
    }

    @Test
    void invalidJson() throws IOException {
        assertRejected("{\"model_type\": \"llava\", ", "invalid JSON");
    }

    @Test
    void missingModelType() throws IOException {
        assertRejected("{\"hidden_size\": 64}", "missing key 'model_type'");
    }

    @Test
    void unsupportedModelType() throws IOException {
        assertRejected("{\"model_type\": \"mistral\"}", "model_type 'mistral'");
    }

    @Test
    void wrongValueType() throws IOException {
        assertRejected("{\"model_type\": \"llava\", \"text_config\": {\"hidden_size\": \"big\"}}",
                "'text_config.hidden_size' must be an integer");
    }

    @Test
    void fractionalInteger() throws IOException {
        assertRejected("{\"model_type\": \"llava\", \"vision_config\": {\"patch_size\": 14.5}}",
                "'vision_config.patch_size' must be an integer");
    }

    @Test
    void nonPositiveDimension() throws IOException {
        assertRejected("{\"model_type\": \"llama\", \"num_hidden_layers\": 0}", "'num_hidden_layers' must be positive");
    }

    @Test
    void kvHeadsNotDividingHeads() throws IOException {
        assertRejected("{\"model_type\": \"llama\", \"num_attention_heads\": 32, \"num_key_value_heads\": 5}",
                "'num_key_value_heads' must divide");
    }

    @Test
    void unknownSelectStrategy() throws IOException {
        assertRejected("{\"model_type\": \"llava\", \"vision_feature_select_strategy\": \"cls\"}",
                "'vision_feature_select_strategy'");
    }

    @Test
    void visionFeatureLayerOutOfRange() throws IOException {
        assertRejected("{\"model_type\": \"llava\", \"vision_config\": {\"num_hidden_layers\": 2},"
                + " \"vision_feature_layer\": -5}", "'vision_feature_layer'");
    }

    @Test
    void ropeScalingIsRefused() throws IOException {
        assertRejected("{\"model_type\": \"llama\", \"rope_scaling\": {\"type\": \"linear\", \"factor\": 2}}",
                "'rope_scaling'");
    }

    @Test
    void negativeImageToken() throws IOException {
        assertRejected("{\"model_type\": \"llava\", \"image_token_index\": -1}", "'image_token_index'");
    }

    @Test
    void preprocessorConfigOfFixtures() {
        PreprocessorConfig p = PreprocessorConfigs.load(Fixtures.dir("preprocess"));
        assertEquals(336, p.shortestEdge());
        assertEquals(336, p.cropHeight());
        assertEquals(336, p.cropWidth());
        assertEquals(3, p.resample());
        assertArrayEquals(new double[] {0.48145466, 0.4578275, 0.40821073}, p.imageMean());
        assertArrayEquals(new double[] {0.26862954, 0.26130258, 0.27577711}, p.imageStd());
        assertEquals(1 / 255.0, p.rescaleFactor(), 1e-15);
        assertTrue(p.doResize() && p.doCenterCrop() && p.doRescale() && p.doNormalize() && p.doConvertRgb());
        assertFalse(p.padToSquare());
        assertTrue(p.withPadToSquare(true).padToSquare());
        PreprocessorConfig a = PreprocessorConfigs.load(Fixtures.file("a", "preprocessor_config.json"));
        assertEquals(56, a.shortestEdge());
        assertEquals(56, a.cropWidth());
    }

    @Test
    void olderIntegerSizes() throws IOException {
        Path f = tmp.resolve("preprocessor_config.json");
        Files.writeString(f, "{\"size\": 336, \"crop_size\": 336}");
        PreprocessorConfig p = PreprocessorConfigs.load(f);
        assertEquals(336, p.shortestEdge());
        assertEquals(336, p.cropHeight());
        assertEquals(3, p.resample());
    }

    @Test
    void invalidPreprocessorConfig() throws IOException {
        Path f = tmp.resolve("preprocessor_config.json");
        Files.writeString(f, "{\"image_mean\": [0.5, 0.5]}");
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> PreprocessorConfigs.load(f));
        assertTrue(e.getMessage().contains("'image_mean'"), e.getMessage());
        assertThrows(ModelFormatException.class, () -> PreprocessorConfigs.load(tmp.resolve("none")));
    }

    private Path write(String json) throws IOException {
        Path f = tmp.resolve("config.json");
        Files.writeString(f, json);
        return f;
    }

    private void assertRejected(String json, String expected) throws IOException {
        Path f = write(json);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ConfigLoader.load(f));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().contains("config.json"), e.getMessage());
    }
}
