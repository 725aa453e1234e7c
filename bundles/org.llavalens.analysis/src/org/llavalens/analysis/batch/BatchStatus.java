package org.llavalens.analysis.batch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.llavalens.annotation.store.AtomicFiles;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * The batch's own record in the project ({@code batch/status-<fingerprint>.json}): the settings, the
 * model, and per case its state ({@code done}, {@code failed}), how often it was computed, its time and
 * the error that stopped it. Rewritten atomically after every case, so it always describes the results
 * on disk, and read back when a batch resumes (the attempt counts carry over).
 */
public final class BatchStatus {

    public static final String DIR = "batch";

    /** One case's line. */
    public record Entry(String state, int attempts, double millis, String error, String time) {
    }

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private final Path file;
    private final JsonObject header;
    private final Map<String, Entry> cases = new LinkedHashMap<>();

    private BatchStatus(Path file, JsonObject header) {
        this.file = file;
        this.header = header;
    }

    public static Path fileFor(Path projectDir, String fingerprint) {
        return projectDir.resolve(DIR).resolve("status-" + fingerprint + ".json");
    }

    /** The status file of these settings, with the entries of earlier runs if it exists and is readable. */
    static BatchStatus open(Path projectDir, String fingerprint, JsonObject header) {
        BatchStatus s = new BatchStatus(fileFor(projectDir, fingerprint), header);
        s.readEntries();
        return s;
    }

    /** Reads a status file (for reports and tests). */
    public static Map<String, Entry> read(Path file) throws IOException {
        BatchStatus s = new BatchStatus(file, new JsonObject());
        s.readEntries();
        return Map.copyOf(s.cases);
    }

    private void readEntries() {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            JsonElement root = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
            JsonObject c = root.getAsJsonObject().getAsJsonObject("cases");
            if (c != null) {
                for (var e : c.entrySet()) {
                    cases.put(e.getKey(), GSON.fromJson(e.getValue(), Entry.class));
                }
            }
        } catch (IOException | JsonParseException | IllegalStateException e) {
            // an unreadable status only loses attempt counts: the results themselves decide what is done
        }
    }

    public Path file() {
        return file;
    }

    Entry entry(String caseId) {
        return cases.get(caseId);
    }

    int attempts(String caseId) {
        Entry e = cases.get(caseId);
        return e == null ? 0 : e.attempts();
    }

    void done(String caseId, boolean computed, double millis) {
        Entry old = cases.get(caseId);
        int attempts = attempts(caseId) + (computed ? 1 : 0);
        cases.put(caseId, new Entry("done", attempts, computed || old == null ? millis : old.millis(), null,
                computed || old == null ? Instant.now().toString() : old.time()));
    }

    void failed(String caseId, double millis, String error) {
        cases.put(caseId, new Entry("failed", attempts(caseId) + 1, millis, error, Instant.now().toString()));
    }

    void write() throws IOException {
        JsonObject root = header.deepCopy();
        root.addProperty("updated", Instant.now().toString());
        long done = cases.values().stream().filter(e -> e.state().equals("done")).count();
        root.addProperty("done", done);
        root.addProperty("failed", cases.size() - done);
        root.add("cases", GSON.toJsonTree(cases));
        AtomicFiles.write(file, GSON.toJson(root).getBytes(StandardCharsets.UTF_8), false);
    }
}
