package org.llavalens.demo.scene;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.llavalens.demo.Color;
import org.llavalens.demo.Species;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** Reads {@code scenes.jsonl} back into scenes (the pixels are in the PNG next to it). */
public final class SceneIndex {

    private SceneIndex() {
    }

    public static List<Scene> read(Path file) throws IOException {
        List<Scene> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            JsonObject o = JsonParser.parseString(line).getAsJsonObject();
            List<Animal> animals = new ArrayList<>();
            for (JsonElement e : o.getAsJsonArray("animals")) {
                JsonObject a = e.getAsJsonObject();
                animals.add(new Animal(Species.valueOf(a.get("species").getAsString().toUpperCase(java.util.Locale.ROOT)),
                        Color.byWord(a.get("colour").getAsString()), ints(a.getAsJsonArray("rgb")),
                        a.get("amplitude").getAsDouble(), ints(a.getAsJsonArray("patches"))));
            }
            String name = o.get("file").getAsString();
            int number = Integer.parseInt(name.replaceAll("\\D", ""));
            out.add(new Scene(number, o.get("seed").getAsLong(), ints(o.getAsJsonArray("background")), animals));
        }
        return out;
    }

    private static int[] ints(JsonArray a) {
        int[] v = new int[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).getAsInt();
        }
        return v;
    }
}
