package org.llavalens.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llavalens.demo.scene.Animal;
import org.llavalens.demo.scene.Scene;
import org.llavalens.demo.scene.SceneIndex;
import org.llavalens.demo.scene.SceneWriter;
import org.llavalens.demo.weights.DemoWeights;
import org.llavalens.demo.weights.TensorSet;
import org.llavalens.runtime.config.ConfigLoader;
import org.llavalens.runtime.config.ModelConfig;
import org.llavalens.runtime.config.PreprocessorConfigs;
import org.llavalens.runtime.image.ClipImageProcessor;
import org.llavalens.runtime.image.ImageLoader;
import org.llavalens.runtime.image.PreprocessedImage;
import org.llavalens.runtime.io.DType;
import org.llavalens.runtime.io.SafetensorsWeights;
import org.llavalens.runtime.text.PromptBuilder;
import org.llavalens.runtime.text.Tokenizer;

/** The generated folder, read back through the runtime's own loaders. */
class DemoGeneratorTest {

    private static final DemoOptions SMALL = DemoOptions.defaults().withScenes(3);

    @Test
    void twoGenerationsAreByteIdentical(@TempDir Path dir) throws IOException {
        DemoGenerator g = new DemoGenerator();
        assertEquals(DemoGenerator.Outcome.WRITTEN, g.generate(dir.resolve("a"), SMALL, null));
        assertEquals(DemoGenerator.Outcome.WRITTEN, g.generate(dir.resolve("b"), SMALL, null));
        Map<String, String> a = DemoGenerator.hashes(dir.resolve("a"));
        assertEquals(a, DemoGenerator.hashes(dir.resolve("b")));
        assertEquals(Files.readString(dir.resolve("a").resolve(DemoGenerator.MANIFEST)),
                Files.readString(dir.resolve("b").resolve(DemoGenerator.MANIFEST)));
        assertTrue(a.containsKey("llava/model.safetensors"), a.keySet().toString());
        assertTrue(a.containsKey("vicuna/model.safetensors"), a.keySet().toString());
        assertTrue(a.containsKey("scenes/scene-0002.png"), a.keySet().toString());
        assertTrue(a.containsKey("scenes/" + SceneWriter.INDEX), a.keySet().toString());
    }

    @Test
    void generationIsIdempotentAndRepairsADamagedFolder(@TempDir Path dir) throws IOException {
        DemoGenerator g = new DemoGenerator();
        Path out = dir.resolve("demo");
        assertEquals(DemoGenerator.Outcome.WRITTEN, g.generate(out, SMALL, null));
        assertEquals(DemoGenerator.Outcome.UP_TO_DATE, g.generate(out, SMALL, null));
        Files.writeString(out.resolve("llava/config.json"), "{}");
        assertFalse(DemoGenerator.isComplete(out, SMALL));
        assertEquals(DemoGenerator.Outcome.WRITTEN, g.generate(out, SMALL, null));
        assertTrue(DemoGenerator.isComplete(out, SMALL));
        assertEquals(DemoGenerator.Outcome.WRITTEN, g.generate(out, SMALL.withScenes(4), null));
        assertTrue(Files.exists(out.resolve("scenes/scene-0003.png")));
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temporary or old folders left beside the output");
        }
    }

    @Test
    void refusesToReplaceAForeignFolder(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "mine");
        IOException e = assertThrows(IOException.class, () -> new DemoGenerator().generate(dir, SMALL, null));
        assertTrue(e.getMessage().contains("refusing"), e.getMessage());
        assertTrue(Files.exists(dir.resolve("notes.txt")));
    }

    @Test
    void runtimeLoadsConfigsTokenizerAndWeights(@TempDir Path dir) throws IOException {
        new DemoGenerator().generate(dir, SMALL, null);
        Path llava = dir.resolve(DemoGenerator.LLAVA);
        Path vicuna = dir.resolve(DemoGenerator.VICUNA);

        ModelConfig c = ConfigLoader.load(llava);
        assertTrue(c.isLlava());
        assertEquals(-2, c.visionFeatureLayer());
        assertEquals("default", c.visionFeatureSelectStrategy());
        assertEquals(DemoVocabulary.imageId(), c.imageTokenIndex());
        assertEquals(DemoVocabulary.llavaSize(), c.text().vocabSize());
        assertEquals(DemoArchitecture.ROPE_THETA, c.text().ropeTheta());
        assertEquals(DemoArchitecture.HEADS, c.text().numHeads());
        assertEquals(336, c.vision().orElseThrow().imageSize());
        assertEquals(576, c.vision().orElseThrow().numPatches());
        ModelConfig v = ConfigLoader.load(vicuna);
        assertFalse(v.isLlava());
        assertEquals(DemoVocabulary.textSize(), v.text().vocabSize());

        String vqa = PromptBuilder.llava("What is the color of the dog?", "The color of the dog is");
        try (Tokenizer t = Tokenizer.load(llava)) {
            assertArrayEquals(Arrays.stream(PromptIds.of(vqa, false)).asLongStream().toArray(), t.encode(vqa));
        }
        String tqa = PromptBuilder.vicuna("The dog is brown.", "What is the color of the dog?", "The color of the dog is");
        try (Tokenizer t = Tokenizer.load(vicuna)) {
            assertArrayEquals(Arrays.stream(PromptIds.of(tqa, false)).asLongStream().toArray(), t.encode(tqa));
        }

        TensorSet expected = DemoGenerator.llavaWeights(DemoWeights.DEFAULT_NOISE);
        try (SafetensorsWeights w = SafetensorsWeights.open(llava)) {
            assertEquals(expected.names(), w.names());
            assertEquals(DType.F32, w.storedDType());
            for (String name : expected.names()) {
                assertArrayEquals(expected.get(name).data(), w.floats(name), name);
            }
        }
    }

    @Test
    void halfPrecisionVariantsStoreTheSameWeightsRounded(@TempDir Path dir) throws IOException {
        TensorSet expected = DemoGenerator.vicunaWeights(DemoWeights.DEFAULT_NOISE);
        for (DType d : new DType[] { DType.BF16, DType.F16 }) {
            Path folder = dir.resolve(d.name());
            new DemoGenerator().writeVicuna(folder, SMALL.withDType(d));
            try (SafetensorsWeights w = SafetensorsWeights.open(folder)) {
                assertEquals(d, w.storedDType());
                float[] a = expected.get("lm_head.weight").data();
                float[] b = w.floats("lm_head.weight");
                double tol = d == DType.BF16 ? 1.0 / 128 : 1.0 / 1024;
                for (int i = 0; i < a.length; i++) {
                    assertEquals(a[i], b[i], tol * Math.abs(a[i]) + 1e-7, "lm_head[" + i + "]");
                }
            }
        }
    }

    @Test
    void clipPreprocessingOfAScenePngIsTheNormalisedPixels(@TempDir Path dir) throws IOException {
        new DemoGenerator().generate(dir, SMALL, null);
        Path llava = dir.resolve(DemoGenerator.LLAVA);
        ClipImageProcessor processor = new ClipImageProcessor(PreprocessorConfigs.load(llava));
        Scene scene = SceneIndex.read(dir.resolve("scenes").resolve(SceneWriter.INDEX)).get(0);
        Animal first = scene.animals().get(0);
        PreprocessedImage p = processor.preprocess(ImageLoader.load(dir.resolve("scenes").resolve(scene.fileName())));
        assertEquals(336, p.height());
        assertEquals(336, p.width());
        double[][][] reference = ReferenceForward.pixels(
                javax.imageio.ImageIO.read(dir.resolve("scenes").resolve(scene.fileName()).toFile()));
        float[] px = p.pixelValues();
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 336; y++) {
                for (int x = 0; x < 336; x++) {
                    assertEquals(reference[c][y][x], px[(c * 336 + y) * 336 + x], 1e-5);
                }
            }
        }
        assertTrue(first.patches().length > 0);
    }
}
