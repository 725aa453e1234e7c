package org.llavalens.headless.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llavalens.attribution.FrozenNormUnembedding;
import org.llavalens.attribution.HeadId;
import org.llavalens.attribution.HeadScores;
import org.llavalens.attribution.ImageMap;
import org.llavalens.attribution.LogProbIncrease;
import org.llavalens.attribution.TargetSelector;
import org.llavalens.attribution.TargetToken;
import org.llavalens.attribution.baseline.AverageAttention;
import org.llavalens.demo.DemoArchitecture;
import org.llavalens.demo.DemoGenerator;
import org.llavalens.demo.DemoOptions;
import org.llavalens.demo.PlantedHeads;
import org.llavalens.demo.scene.Animal;
import org.llavalens.demo.scene.Scene;
import org.llavalens.demo.scene.SceneIndex;
import org.llavalens.runtime.model.LoadedModel;
import org.llavalens.runtime.model.ModelLoader;
import org.llavalens.runtime.model.PreparedInput;
import org.llavalens.runtime.text.PromptBuilder;
import org.llavalens.runtime.trace.CaptureSpec;
import org.llavalens.runtime.trace.ForwardTrace;

/**
 * The acceptance figures on the planted-mechanism demo model, through the product's own
 * runtime and engine: answers are right on >= 95% of the questions, the planted colour head ranks
 * first by S, >= 90% of the positive mass of its image map lies on the asked animal, and the
 * average-attention map peaks on the sink patch.
 */
class DemoAcceptanceTest {

    @Test
    void plantedMechanismIsFoundByTheEngine(@TempDir Path dir) throws Exception {
        DemoOptions options = DemoOptions.defaults().withScenes(12);
        new DemoGenerator().generate(dir, options, null);
        List<Scene> scenes = SceneIndex.read(dir.resolve(DemoGenerator.SCENES).resolve("scenes.jsonl"));
        HeadId planted = new HeadId(PlantedHeads.COLOUR.layer(), PlantedHeads.COLOUR.head());
        int cases = 0;
        int correct = 0;
        int plantedFirst = 0;
        int sinkPeak = 0;
        double minMass = 1;
        try (LoadedModel model = ModelLoader.load(dir.resolve(DemoGenerator.LLAVA))) {
            for (Scene scene : scenes) {
                Path image = dir.resolve(DemoGenerator.SCENES).resolve(scene.fileName());
                for (Animal animal : scene.animals()) {
                    String prompt = PromptBuilder.llava(animal.question(), animal.answerPrefix());
                    PreparedInput input = model.prepare(image, prompt, false);
                    ForwardTrace t = model.forward(input, CaptureSpec.ATTRIBUTION, null);
                    cases++;
                    TargetToken b = TargetSelector.idsOnly().argmax(t);
                    long answerId = model.tokenizer().orElseThrow().tokenToId(animal.answer()).orElseThrow();
                    if (b.id() == answerId) {
                        correct++;
                    }
                    LogProbIncrease engine = new LogProbIncrease(t, FrozenNormUnembedding.of(t), b.id());
                    HeadScores s = engine.headAndLayerScores().heads();
                    if (s.top(1).get(0).equals(planted)) {
                        plantedFirst++;
                    }
                    var span = t.imageSpan().orElseThrow();
                    ImageMap map = ImageMap.aggregate(Map.of(planted, engine.positionScores(planted)), List.of(planted), span,
                            "top1");
                    double positive = 0;
                    double onAnimal = 0;
                    double[] raw = map.raw();
                    for (int k = 0; k < raw.length; k++) {
                        if (raw[k] > 0) {
                            positive += raw[k];
                            if (animal.covers(k)) {
                                onAnimal += raw[k];
                            }
                        }
                    }
                    minMass = Math.min(minMass, positive > 0 ? onAnimal / positive : 0);
                    double[] avg = AverageAttention.imageScores(t);
                    int peak = 0;
                    for (int k = 1; k < avg.length; k++) {
                        peak = avg[k] > avg[peak] ? k : peak;
                    }
                    if (peak == DemoArchitecture.SINK_PATCH) {
                        sinkPeak++;
                    }
                }
            }
        }
        String figures = String.format(java.util.Locale.ROOT,
                "%d questions: accuracy %.3f, planted head first %d, min mass on the animal %.3f, sink peak %d", cases,
                (double) correct / cases, plantedFirst, minMass, sinkPeak);
        System.out.println("demo acceptance: " + figures);
        assertTrue(correct >= 0.95 * cases, figures);
        assertEquals(cases, plantedFirst, figures);
        assertTrue(minMass >= 0.9, figures);
        assertEquals(cases, sinkPeak, figures);
    }
}
