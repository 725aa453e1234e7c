package org.llavalens.annotation.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * Reads JSON question files: JSON Lines (one object per line), a JSON array of the same objects, or
 * LLaVA's own {@code .json} files (an array of {@code {id, image, conversations: [{from: human,
 * value}, {from: gpt, value}]}}: the first human turn is the question, without its {@code <image>}
 * marker, the first gpt turn the expected answer). Problems name the line, or for an array the item.
 */
final class QuestionJson {

    private QuestionJson() {
    }

    static List<QuestionRow> read(Path file, String source, boolean pope, List<String> problems) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        String trimmed = text.stripLeading();
        if (trimmed.startsWith("\uFEFF")) {
            trimmed = trimmed.substring(1).stripLeading();
        }
        List<QuestionRow> out = new ArrayList<>();
        if (trimmed.startsWith("[")) {
            JsonArray items;
            try {
                items = JsonParser.parseString(trimmed).getAsJsonArray();
            } catch (JsonParseException | IllegalStateException e) {
                problems.add(source + ": malformed JSON array (" + Json.oneLine(e) + ")");
                return out;
            }
            for (int i = 0; i < items.size(); i++) {
                JsonElement e = items.get(i);
                String where = source + ": item " + (i + 1);
                if (!e.isJsonObject()) {
                    problems.add(where + ": not a JSON object");
                    continue;
                }
                add(out, row(i + 1, e.getAsJsonObject(), pope, where, problems), source, problems);
            }
            return out;
        }
        try (BufferedReader in = new BufferedReader(new java.io.StringReader(text))) {
            String line;
            int n = 0;
            while ((line = in.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                String where = source + ":" + n;
                JsonElement e;
                try {
                    e = JsonParser.parseString(line);
                } catch (JsonParseException ex) {
                    problems.add(where + ": malformed JSON (" + Json.oneLine(ex) + ")");
                    continue;
                }
                if (!e.isJsonObject()) {
                    problems.add(where + ": not a JSON object");
                    continue;
                }
                add(out, row(n, e.getAsJsonObject(), pope, where, problems), source, problems);
            }
        }
        return out;
    }

    private static void add(List<QuestionRow> out, QuestionRow r, String source, List<String> problems) {
        if (r != null && QuestionImporter.check(r, source, problems)) {
            out.add(r);
        }
    }

    private static QuestionRow row(int n, JsonObject o, boolean pope, String where, List<String> problems) {
        try {
            if (pope) {
                List<String> missing = new ArrayList<>();
                for (String k : List.of("question_id", "image", "text", "label")) {
                    if (!o.has(k) || o.get(k).isJsonNull()) {
                        missing.add(k);
                    }
                }
                if (!missing.isEmpty()) {
                    problems.add(where + ": POPE row lacks " + String.join(", ", missing));
                    return null;
                }
                return new QuestionRow(n, string(o, "question_id"), string(o, "image"), string(o, "text"),
                        string(o, "label"), null, null, null);
            }
            String question = firstString(o, "question", "text");
            String expected = firstString(o, "expected_answer", "answer", "label");
            if (question == null && o.has("conversations") && o.get("conversations").isJsonArray()) {
                question = turn(o.getAsJsonArray("conversations"), "human");
                if (question != null) {
                    question = question.replace("<image>", "").strip();
                }
                if (expected == null) {
                    expected = turn(o.getAsJsonArray("conversations"), "gpt");
                }
            }
            return new QuestionRow(n, firstString(o, "id", "question_id", "external_id", "case_id"),
                    string(o, "image"), blankToNull(question), blankToNull(expected), string(o, "answer_prefix"),
                    string(o, "model_answer"), rawString(o, "target_token"));
        } catch (IllegalStateException | UnsupportedOperationException e) {
            problems.add(where + ": a field is not a string or number");
            return null;
        }
    }

    /** The first turn by {@code from} in a LLaVA conversation. */
    private static String turn(JsonArray conversation, String from) {
        for (JsonElement t : conversation) {
            if (t.isJsonObject() && from.equals(string(t.getAsJsonObject(), "from"))) {
                return string(t.getAsJsonObject(), "value");
            }
        }
        return null;
    }

    private static String string(JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        return blankToNull(e.getAsJsonPrimitive().getAsString());
    }

    /** A string kept as written: a target token may be a single space or start with one. */
    private static String rawString(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? null : e.getAsJsonPrimitive().getAsString();
    }

    private static String firstString(JsonObject o, String... keys) {
        for (String k : keys) {
            String v = string(o, k);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
