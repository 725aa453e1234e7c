package org.llavalens.demo.scene;

import java.util.ArrayList;
import java.util.List;

import com.google.gson.JsonObject;

/**
 * The demo scenes' questions as JSON Lines, the form {@code project import} reads: one case per
 * scene about its first animal, or one per animal.
 */
public final class SceneQuestions {

    private SceneQuestions() {
    }

    /** Lines with id ({@code scene<N>-<species>}), image, question, answer prefix and expected answer. */
    public static List<String> jsonLines(List<Scene> scenes, boolean everyAnimal) {
        List<String> lines = new ArrayList<>();
        for (Scene s : scenes) {
            for (Animal a : everyAnimal ? s.animals() : s.animals().subList(0, 1)) {
                JsonObject o = new JsonObject();
                o.addProperty("id", "scene" + s.index() + "-" + a.species().word());
                o.addProperty("image", s.fileName());
                o.addProperty("question", a.question());
                o.addProperty("answer_prefix", a.answerPrefix());
                o.addProperty("expected_answer", a.answer());
                lines.add(o.toString());
            }
        }
        return lines;
    }
}
