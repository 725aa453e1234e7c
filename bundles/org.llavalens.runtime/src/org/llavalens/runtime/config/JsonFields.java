package org.llavalens.runtime.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.llavalens.runtime.io.ModelFormatException;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

/**
 * Typed reads of one JSON object of a config file, with Hugging Face defaults for absent (or null) keys and
 * errors that name the file and the full key.
 */
record JsonFields(Path file, String prefix, JsonObject json) {

    static JsonFields parse(Path file) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            JsonElement root = JsonParser.parseReader(r);
            if (!root.isJsonObject()) {
                throw new ModelFormatException(file + ": not a JSON object");
            }
            return new JsonFields(file, "", root.getAsJsonObject());
        } catch (NoSuchFileException e) {
            throw new ModelFormatException(file + ": file not found");
        } catch (IOException | JsonParseException e) {
            throw new ModelFormatException(file + ": invalid JSON (" + firstLine(e.getMessage()) + ")", e);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    boolean has(String key) {
        return json.has(key) && !json.get(key).isJsonNull();
    }

    /** A nested object, or null when absent or null. */
    JsonFields object(String key) {
        if (!has(key)) {
            return null;
        }
        JsonElement e = json.get(key);
        if (!e.isJsonObject()) {
            throw invalid(key, "must be an object", e);
        }
        return new JsonFields(file, prefix + key + ".", e.getAsJsonObject());
    }

    ModelFormatException invalid(String key, String what, JsonElement value) {
        return new ModelFormatException(file + ": '" + prefix + key + "' " + what + ", got " + value);
    }

    ModelFormatException missing(String key) {
        return new ModelFormatException(file + ": missing key '" + prefix + key + "'");
    }

    private JsonPrimitive primitive(String key) {
        JsonElement e = json.get(key);
        if (!e.isJsonPrimitive()) {
            throw invalid(key, "must be a single value", e);
        }
        return e.getAsJsonPrimitive();
    }

    int integer(String key, Integer dflt) {
        if (!has(key)) {
            if (dflt == null) {
                throw missing(key);
            }
            return dflt;
        }
        JsonElement e = json.get(key);
        if (e.isJsonArray() && e.getAsJsonArray().size() > 0) {
            // eos_token_id may be a list; the first id is the primary one.
            e = e.getAsJsonArray().get(0);
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw invalid(key, "must be an integer", e);
        }
        try {
            return e.getAsJsonPrimitive().getAsBigDecimal().intValueExact();
        } catch (ArithmeticException ex) {
            throw invalid(key, "must be an integer", e);
        }
    }

    int positive(String key, Integer dflt) {
        int v = integer(key, dflt);
        if (v <= 0) {
            throw invalid(key, "must be positive", json.get(key));
        }
        return v;
    }

    double number(String key, Double dflt) {
        if (!has(key)) {
            if (dflt == null) {
                throw missing(key);
            }
            return dflt;
        }
        JsonPrimitive p = primitive(key);
        if (!p.isNumber()) {
            throw invalid(key, "must be a number", p);
        }
        double v = p.getAsDouble();
        if (!Double.isFinite(v)) {
            throw invalid(key, "must be finite", p);
        }
        return v;
    }

    boolean bool(String key, boolean dflt) {
        if (!has(key)) {
            return dflt;
        }
        JsonPrimitive p = primitive(key);
        if (!p.isBoolean()) {
            throw invalid(key, "must be true or false", p);
        }
        return p.getAsBoolean();
    }

    String string(String key, String dflt) {
        if (!has(key)) {
            if (dflt == null) {
                throw missing(key);
            }
            return dflt;
        }
        JsonPrimitive p = primitive(key);
        if (!p.isString()) {
            throw invalid(key, "must be a string", p);
        }
        return p.getAsString();
    }

    double[] doubles(String key, double[] dflt) {
        if (!has(key)) {
            return dflt.clone();
        }
        JsonElement e = json.get(key);
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
            double v = e.getAsDouble();
            return new double[] {v, v, v};
        }
        if (!e.isJsonArray()) {
            throw invalid(key, "must be a list of numbers", e);
        }
        double[] out = new double[e.getAsJsonArray().size()];
        for (int i = 0; i < out.length; i++) {
            JsonElement x = e.getAsJsonArray().get(i);
            if (!x.isJsonPrimitive() || !x.getAsJsonPrimitive().isNumber()) {
                throw invalid(key, "must be a list of numbers", e);
            }
            out[i] = x.getAsDouble();
        }
        return out;
    }

    JsonElement raw(String key) {
        return json.get(key);
    }
}
