package org.llavalens.analysis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.llavalens.annotation.AnnotationProject;
import org.llavalens.annotation.io.ImportException;
import org.llavalens.annotation.io.QuestionImporter;
import org.llavalens.demo.DemoGenerator;
import org.llavalens.demo.DemoOptions;
import org.llavalens.demo.scene.Scene;
import org.llavalens.demo.scene.SceneIndex;
import org.llavalens.demo.scene.SceneQuestions;
import org.llavalens.demo.scene.SceneWriter;

/** The demo models and a few demo scenes, generated into a temporary folder, and projects made of them. */
public final class DemoProject {

    public final Path root;
    public final Path llava;
    public final Path vicuna;
    public final Path scenes;
    public final List<Scene> sceneList;

    private DemoProject(Path root, List<Scene> sceneList) {
        this.root = root;
        this.llava = root.resolve(DemoGenerator.LLAVA);
        this.vicuna = root.resolve(DemoGenerator.VICUNA);
        this.scenes = root.resolve(DemoGenerator.SCENES);
        this.sceneList = sceneList;
    }

    /** Generates both models (f32) and {@code sceneCount} scenes. */
    public static DemoProject generate(Path root, int sceneCount, boolean withVicuna) throws IOException {
        DemoOptions o = DemoOptions.defaults().withScenes(sceneCount);
        DemoGenerator g = new DemoGenerator();
        g.writeLlava(root.resolve(DemoGenerator.LLAVA), o);
        if (withVicuna) {
            g.writeVicuna(root.resolve(DemoGenerator.VICUNA), o);
        }
        Path scenes = root.resolve(DemoGenerator.SCENES);
        DemoGenerator.writeScenes(scenes, o, null);
        return new DemoProject(root, SceneIndex.read(scenes.resolve(SceneWriter.INDEX)));
    }

    /** A project with one case per scene, asking about the scene's first animal. */
    public AnnotationProject project(Path dir) throws IOException, ImportException {
        return project(dir, false);
    }

    /** A project asking about the first animal of each scene, or about every animal. */
    public AnnotationProject project(Path dir, boolean everyAnimal) throws IOException, ImportException {
        List<String> lines = SceneQuestions.jsonLines(sceneList, everyAnimal);
        Path questions = dir.resolveSibling(dir.getFileName() + "-questions.jsonl");
        Files.write(questions, lines, StandardCharsets.UTF_8);
        AnnotationProject p = AnnotationProject.create(dir, "demo");
        QuestionImporter.run(p, scenes, questions,
                new QuestionImporter.Options("demo", "demo scenes", QuestionImporter.Format.JSONL, false), null);
        p.save();
        return p;
    }
}
