package org.llavalens.analysis.batch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

import org.llavalens.attribution.result.AttributionRecord;
import org.llavalens.attribution.result.MethodResult;
import org.llavalens.attribution.result.ResultJson;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * A batch result as stored in a project: the attribution record's JSON plus {@code id}, {@code method}
 * and a {@code batch} object (settings fingerprint, the answer recorded on the case). Readers of
 * attribution results ignore the extra fields; the batch reads them back to decide whether a case is
 * finished.
 */
public final class StoredResult {

    static final String BATCH = "batch";

    private StoredResult() {
    }

    /** What a finished case left behind. */
    public record Finished(AttributionRecord record, String answer) {
    }

    /** What a stored result must match to count as this case's finished result. */
    record Expectation(String fingerprint, String weightsHash, String prompt, String imageHash,
            java.util.List<String> methods) {
    }

    static String toJson(String id, AttributionRecord record, String fingerprint, String answer, String caseId) {
        JsonObject o = JsonParser.parseString(ResultJson.toJson(record)).getAsJsonObject();
        JsonObject out = new JsonObject();
        out.addProperty("id", id);
        out.addProperty("method", "batch:" + String.join(",", record.methods().stream().map(MethodResult::methodId).toList()));
        JsonObject batch = new JsonObject();
        batch.addProperty("fingerprint", fingerprint);
        batch.addProperty("case", caseId);
        if (answer != null) {
            batch.addProperty("answer", answer);
        }
        out.add(BATCH, batch);
        for (var e : o.entrySet()) {
            out.add(e.getKey(), e.getValue());
        }
        return new com.google.gson.GsonBuilder().serializeSpecialFloatingPointValues().setPrettyPrinting()
                .disableHtmlEscaping().create().toJson(out);
    }

    /**
     * The finished result in {@code file}, or empty when there is none, it is unreadable (e.g. cut
     * short), or it was made with other settings, other weights or another prompt or image, or one of
     * its methods failed.
     */
    static Optional<Finished> read(Path file, Expectation expected) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            JsonElement root = JsonParser.parseString(text);
            if (!root.isJsonObject() || !root.getAsJsonObject().has(BATCH)) {
                return Optional.empty();
            }
            JsonObject batch = root.getAsJsonObject().getAsJsonObject(BATCH);
            if (!expected.fingerprint().equals(string(batch, "fingerprint"))) {
                return Optional.empty();
            }
            AttributionRecord r = ResultJson.fromJson(text);
            if (r.provenance() == null || !Objects.equals(expected.weightsHash(), r.provenance().weightsHash())
                    || !Objects.equals(expected.prompt(), r.provenance().prompt())
                    || !Objects.equals(expected.imageHash(), r.provenance().imageHash())) {
                return Optional.empty();
            }
            for (String m : expected.methods()) {
                Optional<MethodResult> mr = r.method(m);
                if (mr.isEmpty() || mr.get().failed()) {
                    return Optional.empty();
                }
            }
            return Optional.of(new Finished(r, string(batch, "answer")));
        } catch (IOException | JsonParseException | IllegalStateException | ClassCastException e) {
            return Optional.empty();
        }
    }

    private static String string(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }
}
