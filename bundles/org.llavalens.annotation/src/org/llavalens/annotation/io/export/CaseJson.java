package org.llavalens.annotation.io.export;

import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;

import org.llavalens.annotation.AnnotationProject;
import org.llavalens.annotation.ReviewStates;
import org.llavalens.annotation.Taxonomies;
import org.llavalens.annotation.model.Annotation;
import org.llavalens.annotation.model.Attribute;
import org.llavalens.annotation.model.Case;
import org.llavalens.annotation.model.CauseLabel;
import org.llavalens.annotation.model.Dataset;
import org.llavalens.annotation.model.Evidence;
import org.llavalens.annotation.model.HeadRef;
import org.llavalens.annotation.model.ReviewEntry;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/** The JSON shapes of a case and of a label that the JSON Lines, COCO and Label Studio exports share. */
public final class CaseJson {

    private final AnnotationProject project;

    public CaseJson(AnnotationProject project) {
        this.project = project;
    }

    public static String datasetOf(Case c) {
        return c.eContainer() instanceof Dataset d ? d.getId() : "";
    }

    public String labelName(String id) {
        CauseLabel l = Taxonomies.find(project.model().getTaxonomy(), id);
        return l == null ? id : l.getName();
    }

    /** A head as every export and the command line spell it: {@code layer_head}, e.g. {@code 2_5}. */
    public static String head(HeadRef h) {
        return h.getLayer() + "_" + h.getHead();
    }

    public JsonObject caseFields(Case c, List<ReviewEntry> reviews) {
        JsonObject o = new JsonObject();
        o.addProperty("dataset", datasetOf(c));
        o.addProperty("case_id", c.getId());
        o.addProperty("external_id", c.getExternalId());
        o.addProperty("image", c.getImage());
        o.addProperty("image_sha256", c.getImageSha256());
        o.addProperty("question", c.getQuestion());
        o.addProperty("answer_prefix", c.getAnswerPrefix());
        o.addProperty("expected_answer", c.getExpectedAnswer());
        o.addProperty("model_answer", c.getModelAnswer());
        o.addProperty("target_token", c.getTargetToken());
        o.addProperty("review_state", ReviewStates.current(reviews).getLiteral());
        if (!c.getAttributes().isEmpty()) {
            o.add("attributes", attributes(c.getAttributes()));
        }
        return o;
    }

    public JsonObject annotation(Annotation a) {
        JsonObject j = new JsonObject();
        j.addProperty("annotator", a.getAnnotator());
        j.addProperty("label_id", a.getLabelId());
        j.addProperty("label", labelName(a.getLabelId()));
        j.addProperty("confidence", a.getConfidence());
        j.addProperty("note", a.getNote());
        j.addProperty("time", a.getTime() == null ? null : iso(a.getTime()));
        Evidence e = a.getEvidence();
        if (e != null) {
            JsonObject ev = new JsonObject();
            ev.addProperty("result_id", e.getResultId());
            JsonArray p = new JsonArray();
            e.getPatches().forEach(p::add);
            ev.add("patches", p);
            JsonArray h = new JsonArray();
            for (HeadRef r : e.getHeads()) {
                JsonObject hj = new JsonObject();
                hj.addProperty("layer", r.getLayer());
                hj.addProperty("head", r.getHead());
                hj.addProperty("name", head(r));
                h.add(hj);
            }
            ev.add("heads", h);
            ev.add("settings", attributes(e.getSettings()));
            j.add("evidence", ev);
        }
        return j;
    }

    public static JsonObject attributes(List<Attribute> attrs) {
        JsonObject o = new JsonObject();
        attrs.forEach(a -> o.addProperty(a.getKey(), a.getValue()));
        return o;
    }

    public static JsonArray strings(List<String> s) {
        JsonArray a = new JsonArray();
        s.forEach(a::add);
        return a;
    }

    public static String iso(Date d) {
        SimpleDateFormat f = new SimpleDateFormat("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT);
        f.setTimeZone(TimeZone.getTimeZone("UTC"));
        return f.format(d);
    }
}
