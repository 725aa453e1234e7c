package org.llavalens.demo;

import java.io.IOException;
import java.nio.file.Path;

import org.llavalens.demo.scene.Animal;
import org.llavalens.demo.scene.Scene;
import org.llavalens.demo.scene.SceneIndex;
import org.llavalens.demo.scene.SceneWriter;

/**
 * One demo case ready to explain: the demo LLaVA (and Vicuna, when asked for) and one scene, with
 * the question about the scene's first animal (f32 weights, the default demo options).
 *
 * @param vicuna the Vicuna folder, or null when it was not generated
 */
public record DemoCase(Path llava, Path vicuna, Path image, Animal animal) {

    /** Generates the models and the scene under {@code root} (its {@link DemoGenerator} folders). */
    public static DemoCase generate(Path root, boolean withVicuna) throws IOException {
        DemoOptions o = DemoOptions.defaults().withScenes(1);
        DemoGenerator g = new DemoGenerator();
        Path llava = root.resolve(DemoGenerator.LLAVA);
        g.writeLlava(llava, o);
        Path vicuna = null;
        if (withVicuna) {
            vicuna = root.resolve(DemoGenerator.VICUNA);
            g.writeVicuna(vicuna, o);
        }
        Path scenes = root.resolve(DemoGenerator.SCENES);
        DemoGenerator.writeScenes(scenes, o, null);
        Scene scene = SceneIndex.read(scenes.resolve(SceneWriter.INDEX)).get(0);
        return new DemoCase(llava, vicuna, scenes.resolve(scene.fileName()), scene.animals().get(0));
    }

    /** e.g. {@code What is the color of the dog?} */
    public String question() {
        return animal.question();
    }

    /** e.g. {@code The color of the dog is} */
    public String answerPrefix() {
        return animal.answerPrefix();
    }
}
