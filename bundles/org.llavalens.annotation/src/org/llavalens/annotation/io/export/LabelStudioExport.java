package org.llavalens.annotation.io.export;

import java.io.IOException;
import java.util.List;

import org.llavalens.annotation.AnnotationProject;
import org.llavalens.annotation.model.Annotation;
import org.llavalens.annotation.model.Case;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * Label Studio tasks, in the shape its task import validates ({@code tasks/serializers.py}): {@code data}
 * with the image URL and {@code case_id}; per label an annotation whose {@code completed_by} is the
 * mapped user's email (Label Studio resolves it to the account; without it every label would become the
 * importing user's), {@code ground_truth} false, and one {@code choices} result holding the label id;
 * the model's answer and top heads as one prediction with {@code model_version} and {@code score}.
 */
public record LabelStudioExport(AnnotationProject project, CaseJson json, LabelStudioUsers users,
        String imageUrlPrefix) {

    /** Heads listed in the prediction. */
    static final int TOP_HEADS = 5;

    public JsonObject task(ExportedCase e, List<String> maps) throws IOException {
        Case c = e.item();
        JsonObject data = json.caseFields(c, e.reviews());
        data.addProperty("image", imageUrlPrefix + c.getImage());
        data.addProperty("image_path", c.getImage());
        data.add("heatmaps", CaseJson.strings(e.heatmaps()));
        data.add("maps", CaseJson.strings(maps));
        JsonObject task = new JsonObject();
        task.add("data", data);
        JsonArray annotations = new JsonArray();
        for (Annotation a : e.annotations()) {
            annotations.add(annotation(c, a));
        }
        task.add("annotations", annotations);
        JsonArray predictions = new JsonArray();
        JsonObject p = prediction(c);
        if (p != null) {
            predictions.add(p);
        }
        task.add("predictions", predictions);
        return task;
    }

    private JsonObject annotation(Case c, Annotation a) {
        JsonObject ann = new JsonObject();
        JsonObject by = new JsonObject();
        by.addProperty("email", users.byAnnotator(a.getAnnotator()).map(LabelStudioUsers.User::email)
                .orElseThrow(() -> new IllegalStateException("no Label Studio user for " + a.getAnnotator())));
        ann.add("completed_by", by);
        JsonArray result = new JsonArray();
        JsonObject choice = new JsonObject();
        choice.add("choices", CaseJson.strings(List.of(a.getLabelId())));
        result.add(result(c.getId() + "-" + a.getAnnotator() + "-cause", LabelStudioConfig.CAUSE, "choices",
                choice));
        if (a.getNote() != null && !a.getNote().isBlank()) {
            result.add(result(c.getId() + "-" + a.getAnnotator() + "-note", LabelStudioConfig.NOTE, "textarea",
                    text(List.of(a.getNote()))));
        }
        ann.add("result", result);
        ann.addProperty("was_cancelled", false);
        ann.addProperty("ground_truth", false);
        if (a.getTime() != null) {
            ann.addProperty("created_at", CaseJson.iso(a.getTime()));
            ann.addProperty("updated_at", CaseJson.iso(a.getTime()));
        }
        ann.add("meta", json.annotation(a));
        return ann;
    }

    /** The model's answer and its top heads; null when the case has neither. */
    private JsonObject prediction(Case c) throws IOException {
        List<CaseResults.Linked> records = CaseResults.of(project, c);
        CaseResults.Linked first = records.isEmpty() ? null : records.get(0);
        if (c.getModelAnswer() == null && first == null) {
            return null;
        }
        JsonArray result = new JsonArray();
        if (c.getModelAnswer() != null) {
            result.add(result(c.getId() + "-answer", LabelStudioConfig.MODEL_ANSWER, "textarea",
                    text(List.of(c.getModelAnswer()))));
        }
        JsonObject p = new JsonObject();
        String version = "llavalens";
        if (first != null) {
            List<CaseResults.HeadShare> heads = CaseResults.topHeads(first.record(), TOP_HEADS);
            if (!heads.isEmpty()) {
                result.add(result(c.getId() + "-heads", LabelStudioConfig.TOP_HEADS, "textarea",
                        text(heads.stream().map(CaseResults.HeadShare::line).toList())));
                // the share of the top head: how concentrated the explanation is
                p.addProperty("score", heads.get(0).share());
            }
            var prov = first.record().provenance();
            if (prov != null && prov.modelId() != null) {
                version = prov.modelId() + (prov.weightsHash() == null ? ""
                        : "@" + prov.weightsHash().substring(0, Math.min(12, prov.weightsHash().length())));
            }
        }
        p.addProperty("model_version", version);
        p.add("result", result);
        return p;
    }

    private static JsonObject result(String id, String fromName, String type, JsonObject value) {
        JsonObject r = new JsonObject();
        r.addProperty("id", id);
        r.addProperty("from_name", fromName);
        r.addProperty("to_name", LabelStudioConfig.IMAGE);
        r.addProperty("type", type);
        r.add("value", value);
        return r;
    }

    private static JsonObject text(List<String> lines) {
        JsonObject v = new JsonObject();
        v.add("text", CaseJson.strings(lines));
        return v;
    }
}
