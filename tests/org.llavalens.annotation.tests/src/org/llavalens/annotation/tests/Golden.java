package org.llavalens.annotation.tests;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The golden files in {@code golden/}: what each tool's own reader requires (field lists taken from
 * its source, named in the file's {@code source}), and exact expected outputs.
 */
final class Golden {

    private Golden() {
    }

    static String text(String name) throws IOException {
        try (InputStream in = Golden.class.getResourceAsStream("golden/" + name)) {
            assertNotNull(in, "golden/" + name + " is packaged with the tests");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static JsonObject json(String name) throws IOException {
        return JsonParser.parseString(text(name)).getAsJsonObject();
    }

    /** Fails naming every field of {@code kind} (as the golden file lists them) that {@code o} lacks. */
    static void assertHasRequired(JsonObject required, String kind, JsonObject o, String where) {
        List<String> missing = new ArrayList<>();
        for (JsonElement f : required.getAsJsonArray(kind)) {
            if (!o.has(f.getAsString())) {
                missing.add(f.getAsString());
            }
        }
        assertTrue(missing.isEmpty(), where + " (" + kind + ") lacks " + missing);
    }
}
