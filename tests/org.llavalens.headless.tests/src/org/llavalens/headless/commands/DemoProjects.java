package org.llavalens.headless.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.llavalens.headless.CapturedConsole;
import org.llavalens.headless.cli.Cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** Annotation projects asking about the animals of a generated demo, made through the command line. */
final class DemoProjects {

    private DemoProjects() {
    }

    /**
     * {@code project create} and {@code project import} of one case per animal of {@code demo}'s scenes
     * (as {@code generate-demo} wrote them).
     *
     * @return the number of cases
     */
    static int create(CapturedConsole io, Path demo, Path project) throws Exception {
        List<String> questions = new ArrayList<>();
        for (String line : Files.readAllLines(demo.resolve("scenes/scenes.jsonl"), StandardCharsets.UTF_8)) {
            JsonObject scene = JsonParser.parseString(line).getAsJsonObject();
            for (var a : scene.getAsJsonArray("animals")) {
                JsonObject q = new JsonObject();
                q.addProperty("image", scene.get("file").getAsString());
                q.addProperty("question", a.getAsJsonObject().get("question").getAsString());
                q.addProperty("answer_prefix", a.getAsJsonObject().get("answer_prefix").getAsString());
                q.addProperty("expected_answer", a.getAsJsonObject().get("answer").getAsString());
                questions.add(q.toString());
            }
        }
        Path file = project.resolveSibling(project.getFileName() + "-questions.jsonl");
        Files.write(file, questions, StandardCharsets.UTF_8);
        assertEquals(Cli.OK, io.run("project", "create", "--dir", project.toString()), io.err());
        assertEquals(Cli.OK, io.run("project", "import", "--dir", project.toString(), "--images",
                demo.resolve("scenes").toString(), "--questions", file.toString()), io.err());
        return questions.size();
    }
}
