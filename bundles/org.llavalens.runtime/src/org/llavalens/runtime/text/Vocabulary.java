package org.llavalens.runtime.text;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * The id <-> token table of a tokenizer.json (model vocab plus added tokens), which DJL's tokenizer does not
 * expose. Covers the vocab layouts of BPE, WordPiece and WordLevel (an object token -> id) and Unigram (a list
 * of [piece, score] pairs, id = index).
 */
final class Vocabulary {

    private final Map<String, Long> ids;
    private final String[] tokens;

    private Vocabulary(Map<String, Long> ids, String[] tokens) {
        this.ids = ids;
        this.tokens = tokens;
    }

    static Vocabulary read(Path tokenizerJson) {
        try (Reader r = Files.newBufferedReader(tokenizerJson, StandardCharsets.UTF_8)) {
            JsonObject root = JsonParser.parseReader(r).getAsJsonObject();
            Map<String, Long> ids = new HashMap<>();
            JsonObject model = root.getAsJsonObject("model");
            if (model == null || !model.has("vocab")) {
                throw new TokenizerException(tokenizerJson + ": no model.vocab");
            }
            JsonElement vocab = model.get("vocab");
            if (vocab.isJsonObject()) {
                for (Map.Entry<String, JsonElement> e : vocab.getAsJsonObject().entrySet()) {
                    ids.put(e.getKey(), e.getValue().getAsLong());
                }
            } else {
                long i = 0;
                for (JsonElement piece : vocab.getAsJsonArray()) {
                    ids.put(piece.getAsJsonArray().get(0).getAsString(), i++);
                }
            }
            if (root.has("added_tokens") && root.get("added_tokens").isJsonArray()) {
                for (JsonElement t : root.getAsJsonArray("added_tokens")) {
                    JsonObject o = t.getAsJsonObject();
                    ids.put(o.get("content").getAsString(), o.get("id").getAsLong());
                }
            }
            long max = ids.values().stream().mapToLong(Long::longValue).max().orElse(-1);
            if (max >= Integer.MAX_VALUE || ids.values().stream().anyMatch(v -> v < 0)) {
                throw new TokenizerException(tokenizerJson + ": token ids out of range");
            }
            String[] tokens = new String[(int) max + 1];
            ids.forEach((t, id) -> tokens[id.intValue()] = t);
            return new Vocabulary(ids, tokens);
        } catch (IOException | JsonParseException | IllegalStateException | ClassCastException
                | NullPointerException e) {
            throw new TokenizerException(tokenizerJson + ": cannot read the vocabulary (" + e.getMessage() + ")", e);
        }
    }

    /** One more than the largest id. */
    int size() {
        return tokens.length;
    }

    String token(long id) {
        if (id < 0 || id >= tokens.length || tokens[(int) id] == null) {
            throw new TokenizerException("id " + id + " is not in the tokenizer's vocabulary of " + tokens.length);
        }
        return tokens[(int) id];
    }

    OptionalLong id(String token) {
        Long id = ids.get(token);
        return id == null ? OptionalLong.empty() : OptionalLong.of(id);
    }
}
