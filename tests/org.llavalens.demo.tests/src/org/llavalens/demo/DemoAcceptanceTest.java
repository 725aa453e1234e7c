package org.llavalens.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llavalens.attribution.FrozenNormUnembedding;
import org.llavalens.attribution.HeadId;
import org.llavalens.attribution.HeadScores;
import org.llavalens.attribution.LogProbIncrease;
import org.llavalens.attribution.baseline.AverageAttention;
import org.llavalens.demo.scene.Animal;
import org.llavalens.demo.scene.Scene;
import org.llavalens.demo.scene.SceneIndex;
import org.llavalens.demo.scene.SceneWriter;
import org.llavalens.runtime.config.PreprocessorConfigs;
import org.llavalens.runtime.image.ClipImageProcessor;
import org.llavalens.runtime.image.ImageLoader;
import org.llavalens.runtime.model.LoadedModel;
import org.llavalens.runtime.model.ModelLoader;
import org.llavalens.runtime.model.PreparedInput;
import org.llavalens.runtime.text.PromptBuilder;
import org.llavalens.runtime.text.Tokenizer;
import org.llavalens.runtime.trace.CaptureSpec;
import org.llavalens.runtime.trace.ForwardTrace;
import org.llavalens.runtime.trace.ImageSpan;

/**
 * Issue 4's acceptance figures for the demo model, through the product: the generated folder is loaded
 * by the runtime's ModelLoader, tokenizer and CLIP preprocessing, run by its forward pass, and scored by
 * the attribution engine (log-probability increase, average attention).
 */
class DemoAcceptanceTest {

    private static final int SCENES = 40;

    @TempDir
    static Path dir;
    private static Path llava;
    private static Path vicuna;
    private static Path sceneDir;
    private static List<Scene> scenes;

    @BeforeAll
    static void generate() throws IOException {
        Path out = dir.resolve("demo");
        new DemoGenerator().generate(out, DemoOptions.defaults().withScenes(SCENES), null);
        llava = out.resolve(DemoGenerator.LLAVA);
        vicuna = out.resolve(DemoGenerator.VICUNA);
        sceneDir = out.resolve(DemoGenerator.SCENES);
        scenes = SceneIndex.read(sceneDir.resolve(SceneWriter.INDEX));
    }

    /** Asks scene i about its animal i mod n, so every species and color gets asked. */
    private static Figures run(Path model, List<Scene> which) {
        Figures figures = new Figures();
        try (LoadedModel m = ModelLoader.load(model); Tokenizer tok = Tokenizer.load(model)) {
            ClipImageProcessor processor = new ClipImageProcessor(PreprocessorConfigs.load(model));
            for (Scene s : which) {
                Animal asked = s.animals().get(s.index() % s.animals().size());
                int[] ids = ints(tok.encode(PromptBuilder.llava(asked.question(), asked.answerPrefix())));
                float[] pixels = processor.preprocess(ImageLoader.load(sceneDir.resolve(s.fileName()))).pixelValues();
                PreparedInput input = m.prepare(pixels, ids);
                ForwardTrace trace = m.forward(input, CaptureSpec.ATTRIBUTION, null);
                int target = DemoVocabulary.id(asked.color());
                LogProbIncrease lpi = new LogProbIncrease(trace, FrozenNormUnembedding.of(trace), target);
                HeadScores heads = lpi.headAndLayerScores().heads();
                ImageSpan span = trace.imageSpan().orElseThrow();
                double[] all = lpi.positionScores(new HeadId(PlantedHeads.COLOR.layer(), PlantedHeads.COLOR.head()));
                double[] map = new double[span.length()];
                System.arraycopy(all, span.start(), map, 0, map.length);
                int last = trace.sequenceLength() - 1;
                double previous = trace.attentionWeights(PlantedHeads.POSITIONAL.layer(),
                        PlantedHeads.POSITIONAL.head())[last - 1];
                figures.add(trace.logits(), target, heads.raw(), map, AverageAttention.imageScores(trace), asked,
                        previous);
            }
        }
        return figures;
    }

    private static int[] ints(long[] ids) {
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = Math.toIntExact(ids[i]);
        }
        return out;
    }

    @Test
    void productRuntimeAndAttributionFindThePlantedMechanism() {
        Figures f = run(llava, scenes);
        System.out.println("demo acceptance (runtime + attribution, float32): " + f);
        assertEquals(SCENES, f.n);
        assertTrue(f.accuracy() >= 0.95, f.toString());
        assertEquals(1.0, f.plantedFirstRate(), f.toString());
        assertTrue(f.minMassShare >= 0.9, f.toString());
        assertEquals(1.0, f.sinkPeakRate(), f.toString());
        assertTrue(f.worstSinkRatio >= 1.5, f.toString());
        // The previous-token head only survives a correct RoPE (see PlantedMechanismTest for broken ones).
        assertTrue(f.minPreviousTokenAttention >= 0.9, f.toString());
    }

    /** A copy of the LLaVA folder with a different config.json. */
    private static Path variant(String name, int visionFeatureLayer, double ropeTheta) throws IOException {
        Path variant = dir.resolve(name);
        Files.createDirectories(variant);
        try (var files = Files.list(llava)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.copy(p, variant.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        DemoGenerator.writeLlavaConfig(variant, visionFeatureLayer, ropeTheta);
        return variant;
    }

    @Test
    void readingTheLastVisionLayerDropsAccuracy() throws IOException {
        Figures wrong = run(variant("llava-hs-1", -1, DemoArchitecture.ROPE_THETA), scenes.subList(0, 20));
        System.out.println("demo with vision_feature_layer -1: " + wrong);
        assertTrue(wrong.accuracy() <= 0.6, wrong.toString());
        assertTrue(wrong.plantedFirstRate() <= 0.5, wrong.toString());
    }

    /**
     * rope_theta 1 turns every rotary pair at 1 rad per token: what a runtime computing
     * theta^(-2j/d) with integer division would do. The previous-token head must lose its pattern.
     */
    @Test
    void brokenRopeFrequenciesAreCaughtByThePositionalHead() throws IOException {
        Figures broken = run(variant("llava-rope-1", -2, 1.0), scenes.subList(0, 4));
        System.out.println("demo with every rotary pair at 1 rad/token: " + broken);
        assertTrue(broken.maxPreviousTokenAttention < 0.1, broken.toString());
    }

    @Test
    void vicunaTextQaUsesTheSameColorHead() {
        try (LoadedModel m = ModelLoader.load(vicuna); Tokenizer tok = Tokenizer.load(vicuna)) {
            for (Species s : Species.values()) {
                for (Color c : Color.values()) {
                    String prompt = PromptBuilder.vicuna("The " + s.word() + " is " + c.word() + ".",
                            "What is the color of the " + s.word() + "?", "The color of the " + s.word() + " is");
                    ForwardTrace trace = m.forward(m.prepare(ints(tok.encode(prompt))), CaptureSpec.ATTRIBUTION,
                            null);
                    int target = DemoVocabulary.id(c);
                    float[] logits = trace.logits();
                    int arg = 0;
                    for (int i = 1; i < logits.length; i++) {
                        if (logits[i] > logits[arg]) {
                            arg = i;
                        }
                    }
                    assertEquals(target, arg, prompt);
                    LogProbIncrease lpi = new LogProbIncrease(trace, FrozenNormUnembedding.of(trace), target);
                    HeadId top = lpi.headAndLayerScores().heads().ranked().get(0);
                    assertEquals(new HeadId(PlantedHeads.COLOR.layer(), PlantedHeads.COLOR.head()), top, prompt);
                }
            }
        }
    }
}
