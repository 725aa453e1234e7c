package org.llavalens.attribution.result;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * Reads and writes {@link AttributionRecord}s as JSON. Writes format {@value AttributionRecord#FORMAT}
 * (docs/result-format.md, docs/result-schema-v2.json); reads that and format 1. Doubles keep full
 * precision (Gson writes the shortest representation that round-trips); NaN and infinities are
 * allowed so a broken method's output can still be inspected.
 */
public final class ResultJson {

    private static final Gson FORMAT_TWO = ResultTypeAdapters.register(new GsonBuilder())
            .serializeSpecialFloatingPointValues().setPrettyPrinting().disableHtmlEscaping().create();
    private static final Gson FORMAT_ONE = new GsonBuilder().serializeSpecialFloatingPointValues().create();

    private ResultJson() {
    }

    /**
     * A builder that spells the typed parts of records (head scores, score vectors, heads, display
     * choices) as format {@value AttributionRecord#FORMAT} does, for JSON that embeds records (the
     * model host's wire format).
     */
    public static GsonBuilder gsonBuilder() {
        return ResultTypeAdapters.register(new GsonBuilder());
    }

    /** The record in the current format, whatever format it was read from. */
    public static String toJson(AttributionRecord record) {
        return FORMAT_TWO.toJson(record.inCurrentFormat());
    }

    /** The JSON tree of the record in the current format (for wire formats that embed it). */
    public static JsonElement toJsonTree(AttributionRecord record) {
        return FORMAT_TWO.toJsonTree(record.inCurrentFormat());
    }

    /** @throws JsonParseException with a one-line message when the text is no result this version reads */
    public static AttributionRecord fromJson(String json) {
        return fromTree(parse(json), "the text");
    }

    /** @throws JsonParseException with a one-line message when the tree is no result this version reads */
    public static AttributionRecord fromJsonTree(JsonElement tree) {
        return fromTree(tree, "the record");
    }

    /** Writes the record in the current format, atomically: a reader sees the old file or the new one. */
    public static void write(AttributionRecord record, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                FORMAT_TWO.toJson(record.inCurrentFormat(), w);
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public static AttributionRecord read(Path file) throws IOException {
        try {
            return fromTree(parse(Files.readString(file, StandardCharsets.UTF_8)), file.toString());
        } catch (JsonParseException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static JsonElement parse(String json) {
        try {
            return JsonParser.parseString(json);
        } catch (JsonParseException e) {
            throw new JsonParseException("the text is not an attribution result: " + firstLine(e), e);
        }
    }

    private static AttributionRecord fromTree(JsonElement tree, String where) {
        if (tree == null || !tree.isJsonObject()) {
            throw new JsonParseException(where + " is not an attribution result (not a JSON object)");
        }
        JsonObject o = tree.getAsJsonObject();
        int format = o.has("format") && o.get("format").isJsonPrimitive() ? o.get("format").getAsInt() : 0;
        if (format > AttributionRecord.FORMAT) {
            throw new JsonParseException(where + " uses result format " + format + "; this version reads formats 1 to "
                    + AttributionRecord.FORMAT);
        }
        if (!o.has("methods") || !o.has("target")) {
            throw new JsonParseException(where + " is not an attribution result (no target or methods)");
        }
        AttributionRecord r;
        try {
            r = format == 1 ? FORMAT_ONE.fromJson(o, FormatOneRecord.class).typed()
                    : FORMAT_TWO.fromJson(o, AttributionRecord.class);
        } catch (RuntimeException e) {
            throw new JsonParseException(where + " is not an attribution result of format " + format + ": "
                    + firstLine(e), e);
        }
        if (format < 1 || r.methods() == null || r.target() == null) {
            throw new JsonParseException(where + " is not an attribution result (format " + format
                    + ", no target or methods)");
        }
        return r;
    }

    private static String firstLine(Throwable e) {
        Throwable t = e.getCause() != null && e.getMessage() == null ? e.getCause() : e;
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return m.lines().findFirst().orElse(m);
    }
}
