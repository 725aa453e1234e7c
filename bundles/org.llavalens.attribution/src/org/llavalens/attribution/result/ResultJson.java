package org.llavalens.attribution.result;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;

/**
 * Reads and writes {@link AttributionRecord}s as JSON. Doubles keep full precision (Gson writes
 * the shortest representation that round-trips); NaN and infinities are allowed so a broken method's
 * output can still be inspected.
 */
public final class ResultJson {

    private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().setPrettyPrinting()
            .disableHtmlEscaping().create();

    private ResultJson() {
    }

    public static String toJson(AttributionRecord record) {
        return GSON.toJson(record);
    }

    public static AttributionRecord fromJson(String json) {
        AttributionRecord r = GSON.fromJson(json, AttributionRecord.class);
        check(r, "the text");
        return r;
    }

    public static void write(AttributionRecord record, Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            GSON.toJson(record, w);
        }
    }

    public static AttributionRecord read(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            AttributionRecord rec = GSON.fromJson(r, AttributionRecord.class);
            check(rec, file.toString());
            return rec;
        } catch (JsonParseException e) {
            throw new IOException(file + " is not an attribution result: " + e.getMessage(), e);
        }
    }

    private static void check(AttributionRecord r, String where) {
        if (r == null || r.methods() == null || r.target() == null) {
            throw new JsonParseException(where + " is not an attribution result (no target or methods)");
        }
        if (r.format() > AttributionRecord.FORMAT) {
            throw new JsonParseException(where + " uses result format " + r.format() + "; this version reads up to "
                    + AttributionRecord.FORMAT);
        }
    }
}
