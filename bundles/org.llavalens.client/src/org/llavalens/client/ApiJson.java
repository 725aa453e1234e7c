package org.llavalens.client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.llavalens.analysis.AnalyzerSettings;
import org.llavalens.analysis.explain.CaseQuestion;
import org.llavalens.analysis.explain.HeadMap;
import org.llavalens.analysis.explain.ModelInfo;
import org.llavalens.attribution.HeadAggregation;
import org.llavalens.attribution.HeadId;
import org.llavalens.attribution.ImageMap;
import org.llavalens.attribution.method.builtin.AverageAttentionMethod;
import org.llavalens.attribution.method.builtin.LogProbIncreaseMethod;
import org.llavalens.attribution.Similarity;
import org.llavalens.attribution.render.HeatmapStyle;
import org.llavalens.attribution.report.AttributionSettings;
import org.llavalens.attribution.report.MethodSelection;
import org.llavalens.attribution.report.TablePosition;
import org.llavalens.attribution.report.TokenTableChoices;
import org.llavalens.attribution.result.ResultJson;
import org.llavalens.runtime.trace.CaptureSpec;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;

/**
 * The model host's wire format, version {@value #VERSION}: every JSON body the server reads or
 * writes and the client sends or reads is mapped here, and only here (docs/server.md and
 * openapi.yaml describe the same shapes). Doubles keep full precision and NaN, as the result files do.
 */
public final class ApiJson {

    /**
     * The API version; the paths start with {@value #BASE}. The records it carries say their own
     * result format (ResultJson reads 1 and 2 and refuses a later one in one line), so a change of the
     * record's layout does not change the API's paths.
     */
    public static final int VERSION = 1;
    public static final String BASE = "/api/v" + VERSION;

    /** A picture file's bytes as the requests carry them (base64); null for none. */
    static String pictureBytes(java.nio.file.Path image) throws java.io.IOException {
        return image == null ? null
                : java.util.Base64.getEncoder().encodeToString(java.nio.file.Files.readAllBytes(image));
    }

    /** Records travel in the layout of result files (ResultJson's format 2). */
    private static final Gson GSON = ResultJson.gsonBuilder().serializeSpecialFloatingPointValues()
            .disableHtmlEscaping().create();

    private ApiJson() {
    }

    /**
     * Analysis settings as sent; every field may be left out (the defaults of {@code ./llavalens analyze}).
     *
     * @param positions       token-table positions besides the last, each as {@code analyze --positions} spells one
     * @param keepHeadOutputs keep every head's output in the live case, so head maps of other heads need no rerun
     */
    public record Settings(List<String> methods, String heads, Integer tableHeads, Integer maxNewTokens,
            Boolean padToSquare, String similarity, List<String> positions, List<String> mrr,
            Map<String, String> methodSettings, HeatmapStyle style, Boolean keepHeadOutputs) {
    }

    /** POST /jobs: one case to explain; {@code image} is the picture file's bytes in base64 (none for text). */
    public record JobRequest(String model, String question, String context, String answerPrefix, String target,
            String image, Settings settings) {
    }

    /**
     * POST /compares: one question asked three ways (Vicuna text, LLaVA text, LLaVA visual).
     *
     * @param name what the caller calls the case (the comparison's name, and the name its errors give);
     *             a client of API 1.0 leaves it out and the host names the case by its image's hash
     */
    public record CompareJobRequest(String llava, String vicuna, String question, String context,
            String answerPrefix, String image, String expectedAnswer, String target, String name) {
    }

    /**
     * A job as the host reports it.
     *
     * @param kind          {@code explain} or {@code compare}
     * @param state         {@code queued}, {@code running}, {@code done}, {@code failed} or {@code cancelled}
     * @param progress      0..1
     * @param queuePosition jobs ahead of it on its model (0 when running or finished)
     * @param cached        answered from the result cache without running the model
     * @param error         one line, when failed or cancelled
     */
    public record JobStatus(String id, String kind, String model, String annotator, String state, double progress,
            String task, int queuePosition, boolean cached, String error) {

        public boolean finished() {
            return state.equals("done") || state.equals("failed") || state.equals("cancelled");
        }
    }

    /** GET /models. */
    public record Models(int apiVersion, List<ModelInfo> models) {
    }

    /**
     * Every 4xx and 5xx body: the status, what kind of problem (so a client can rethrow the service's
     * exception: {@code unknown-model}, {@code bad-target}, {@code bad-position}, {@code not-answerable},
     * {@code bad-request}, {@code too-large}, {@code busy}, {@code unauthorized}, {@code not-found},
     * {@code not-finished}, {@code gone}, {@code failed}) and one line that says what to change.
     */
    public record Problem(int status, String kind, String error) {
    }

    /** POST /jobs/{id}/map: the heads, as {@code analyze --heads} spells them. */
    public record MapRequest(String heads) {
    }

    /** A head map on the wire: heads by name ({@code layer_head}). */
    record WireMap(String aggregation, List<String> heads, Map<String, double[]> positions, ImageMap image) {
    }

    public static String toJson(Object value) {
        return GSON.toJson(value);
    }

    /** @throws JsonParseException if the text is not JSON of that shape */
    public static <T> T fromJson(String json, Class<T> type) {
        T value = GSON.fromJson(json, type);
        if (value == null) {
            throw new JsonParseException("an empty body");
        }
        return value;
    }

    public static String mapToJson(HeadMap map) {
        Map<String, double[]> positions = new LinkedHashMap<>();
        map.positions().forEach((h, s) -> positions.put(h.toString(), s));
        return toJson(new WireMap(map.aggregation().toString(), map.heads().stream().map(HeadId::toString).toList(),
                positions, map.image().orElse(null)));
    }

    public static HeadMap mapFromJson(String json) {
        WireMap w = fromJson(json, WireMap.class);
        Map<HeadId, double[]> positions = new LinkedHashMap<>();
        w.positions().forEach((h, s) -> positions.put(HeadId.parse(h), s));
        return new HeadMap(HeadAggregation.parse(w.aggregation()), w.heads().stream().map(HeadId::parse).toList(),
                positions, Optional.ofNullable(w.image()));
    }

    /** The settings of a request, defaults filled in. @throws IllegalArgumentException naming a bad value */
    public static AnalyzerSettings settings(Settings s) {
        Settings w = s == null ? new Settings(null, null, null, null, null, null, null, null, null, null, null) : s;
        List<String> methods = w.methods() == null || w.methods().isEmpty()
                ? List.of(LogProbIncreaseMethod.ID, AverageAttentionMethod.ID) : w.methods();
        List<TablePosition> positions = new ArrayList<>();
        for (String p : w.positions() == null ? List.<String>of() : w.positions()) {
            positions.add(TablePosition.parse(p));
        }
        TokenTableChoices tables = new TokenTableChoices(
                w.tableHeads() == null ? TokenTableChoices.LAST_POSITION.tableHeads() : w.tableHeads(),
                Similarity.parse(w.similarity() == null ? "dot" : w.similarity()), positions,
                w.mrr() == null ? List.of() : w.mrr());
        AttributionSettings attribution = new AttributionSettings(
                new MethodSelection(methods, w.methodSettings() == null ? Map.of() : w.methodSettings()),
                HeadAggregation.parse(w.heads() == null ? "top1" : w.heads()),
                w.style() == null ? HeatmapStyle.DEFAULT : w.style(), tables);
        return new AnalyzerSettings(attribution, w.maxNewTokens() == null ? 12 : w.maxNewTokens(),
                Boolean.TRUE.equals(w.padToSquare()),
                Boolean.TRUE.equals(w.keepHeadOutputs()) ? CaptureSpec.ATTRIBUTION : CaptureSpec.MINIMAL);
    }

    /** The wire form of {@code s}: {@code settings(wire(s))} equals {@code s}. */
    public static Settings wire(AnalyzerSettings s) {
        AttributionSettings a = s.attribution();
        return new Settings(s.methods(), a.heads().toString(), a.tables().tableHeads(), s.maxNewTokens(),
                s.padToSquare(), a.tables().similarity().id(),
                a.tables().positions().stream().map(TablePosition::spec).toList(), a.tables().mrrTokens(),
                a.methods().settings(), a.style(), !s.baseCapture().equals(CaptureSpec.MINIMAL));
    }

    /** A job request for {@code question} (its image, if any, already read into {@code imageBase64}). */
    public static JobRequest job(String model, CaseQuestion question, String imageBase64, AnalyzerSettings settings) {
        return new JobRequest(model, question.question(), question.context(), question.answerPrefix(),
                question.target(), imageBase64, wire(settings));
    }
}
