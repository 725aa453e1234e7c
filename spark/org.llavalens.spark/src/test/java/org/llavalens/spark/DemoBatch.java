package org.llavalens.spark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.llavalens.analysis.batch.BatchJobSpec;
import org.llavalens.analysis.batch.BatchSettings;
import org.llavalens.annotation.AnnotationProject;
import org.llavalens.annotation.io.QuestionImporter;
import org.llavalens.attribution.method.builtin.AverageAttentionMethod;
import org.llavalens.attribution.method.builtin.LogProbIncreaseMethod;
import org.llavalens.demo.DemoGenerator;
import org.llavalens.demo.DemoOptions;
import org.llavalens.demo.scene.Scene;
import org.llavalens.demo.scene.SceneIndex;
import org.llavalens.demo.scene.SceneQuestions;
import org.llavalens.demo.scene.SceneWriter;

/** The demo LLaVA and demo scenes in a folder, and fresh projects asking about them (as the analysis tests' DemoProject). */
final class DemoBatch {

    final Path llava;
    private final Path scenes;
    private final List<Scene> sceneList;

    private DemoBatch(Path llava, Path scenes, List<Scene> sceneList) {
        this.llava = llava;
        this.scenes = scenes;
        this.sceneList = sceneList;
    }

    static DemoBatch generate(Path root, int sceneCount) throws IOException {
        DemoOptions o = DemoOptions.defaults().withScenes(sceneCount);
        new DemoGenerator().writeLlava(root.resolve(DemoGenerator.LLAVA), o);
        Path scenes = root.resolve(DemoGenerator.SCENES);
        DemoGenerator.writeScenes(scenes, o, null);
        return new DemoBatch(root.resolve(DemoGenerator.LLAVA), scenes, SceneIndex.read(scenes.resolve(SceneWriter.INDEX)));
    }

    /** A new project with one case per scene, about the scene's first animal. */
    Path project(Path dir) throws Exception {
        List<String> lines = SceneQuestions.jsonLines(sceneList, false);
        Path questions = dir.resolveSibling(dir.getFileName() + "-questions.jsonl");
        Files.write(questions, lines, StandardCharsets.UTF_8);
        try (AnnotationProject p = AnnotationProject.create(dir, "demo")) {
            QuestionImporter.run(p, scenes, questions,
                    new QuestionImporter.Options("demo", "demo scenes", QuestionImporter.Format.JSONL, false), null);
            p.save();
        }
        return dir;
    }

    static BatchSettings settings() {
        return new BatchSettings(List.of(LogProbIncreaseMethod.ID, AverageAttentionMethod.ID), null, "top1", 3, false,
                Map.of());
    }

    BatchJobSpec spec(Path project, String master) {
        return new BatchJobSpec(project.toString(), llava.toString(), null, settings(), 0, "cpu", "fp32", 120, master,
                BatchJobSpec.DEFAULT_MAX_FAILURES);
    }

    /** Every file under the project's results/, by its path relative to results/. */
    static Map<String, Path> results(Path project) throws IOException {
        Map<String, Path> out = new TreeMap<>();
        Path results = project.resolve(AnnotationProject.RESULTS_DIR);
        if (!Files.isDirectory(results)) {
            return out;
        }
        try (Stream<Path> files = Files.walk(results)) {
            files.filter(Files::isRegularFile).forEach(f -> out.put(results.relativize(f).toString(), f));
        }
        return out;
    }
}
