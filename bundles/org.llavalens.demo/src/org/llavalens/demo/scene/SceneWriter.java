package org.llavalens.demo.scene;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.llavalens.demo.DemoArchitecture;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * Writes scenes as PNGs plus {@code scenes.jsonl}: per scene its file, seed, background, the sink
 * patch, and per animal its species, color, painted rgb, texture amplitude, patch set, and the
 * question, answer prefix and expected answer that ask about it.
 */
public final class SceneWriter {

    public static final String INDEX = "scenes.jsonl";

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private SceneWriter() {
    }

    public static void writePng(Scene scene, Path file) throws IOException {
        if (!ImageIO.write(SceneGenerator.render(scene), "png", file.toFile())) {
            throw new IOException("no PNG writer in this JVM");
        }
    }

    public static void writeIndex(List<Scene> scenes, Path file) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (Scene s : scenes) {
                w.write(GSON.toJson(toJson(s)));
                w.write('\n');
            }
        }
    }

    static JsonObject toJson(Scene s) {
        JsonObject o = new JsonObject();
        o.addProperty("file", s.fileName());
        o.addProperty("seed", s.seed());
        o.add("background", ints(s.background()));
        o.addProperty("sink_patch", DemoArchitecture.SINK_PATCH);
        JsonArray animals = new JsonArray();
        for (Animal a : s.animals()) {
            JsonObject j = new JsonObject();
            j.addProperty("species", a.species().word());
            j.addProperty("colour", a.color().word());
            j.add("rgb", ints(a.rgb()));
            j.addProperty("amplitude", a.amplitude());
            j.add("patches", ints(a.patches()));
            j.addProperty("question", a.question());
            j.addProperty("answer_prefix", a.answerPrefix());
            j.addProperty("answer", a.answer());
            animals.add(j);
        }
        o.add("animals", animals);
        return o;
    }

    private static JsonArray ints(int[] values) {
        JsonArray a = new JsonArray();
        for (int v : values) {
            a.add(v);
        }
        return a;
    }
}
