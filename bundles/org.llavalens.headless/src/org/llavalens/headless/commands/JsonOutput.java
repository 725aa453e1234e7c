package org.llavalens.headless.commands;

import java.util.List;
import java.util.Map;

import org.llavalens.annotation.AnnotationProject;
import org.llavalens.annotation.ProjectStatus;
import org.llavalens.annotation.agreement.Agreement;
import org.llavalens.attribution.method.MethodDescriptor;
import org.llavalens.attribution.method.MethodRegistry;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/**
 * What {@code --json} prints: one JSON object per command on stdout, strict JSON (an undefined kappa
 * is {@code null}, not NaN) with snake_case names, so {@code jq} and {@code json.loads} read it.
 */
final class JsonOutput {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls()
            .create();

    private JsonOutput() {
    }

    static String print(JsonElement e) {
        return GSON.toJson(e);
    }

    static JsonElement number(double d) {
        return Double.isFinite(d) ? new JsonPrimitive(d) : JsonNull.INSTANCE;
    }

    static JsonObject counts(Map<String, Integer> m) {
        JsonObject o = new JsonObject();
        m.forEach(o::addProperty);
        return o;
    }

    static String status(AnnotationProject p, ProjectStatus s) {
        JsonObject o = new JsonObject();
        o.addProperty("project", p.model().getName());
        o.addProperty("directory", p.directory().toString());
        o.addProperty("datasets", s.datasets());
        o.addProperty("cases", s.cases());
        o.addProperty("labelled", s.labelled());
        o.addProperty("unlabelled", s.unlabelled());
        JsonObject states = new JsonObject();
        s.byState().forEach((k, v) -> states.addProperty(k.getLiteral(), v));
        o.add("review_states", states);
        o.add("labels_per_annotator", counts(s.labelsByAnnotator()));
        o.add("labels_per_cause", counts(s.labelsById()));
        o.addProperty("orphan_labels", s.orphanLabels());
        return print(o);
    }

    static String agreement(Agreement.Report r, int ratings) {
        JsonObject o = new JsonObject();
        o.addProperty("ratings", ratings);
        o.addProperty("cases", r.cases());
        o.add("annotators", strings(r.annotators()));
        o.add("labels", strings(r.labels()));
        JsonArray pairs = new JsonArray();
        for (Agreement.PairKappa p : r.pairs()) {
            JsonObject j = new JsonObject();
            j.addProperty("a", p.a());
            j.addProperty("b", p.b());
            j.addProperty("cases", p.cases());
            j.add("observed", number(p.observed()));
            j.add("expected", number(p.expected()));
            j.add("kappa", number(p.kappa()));
            pairs.add(j);
        }
        o.add("cohen", pairs);
        Agreement.FleissKappa f = r.fleiss();
        JsonObject fl = new JsonObject();
        fl.addProperty("cases", f.cases());
        fl.addProperty("ratings", f.ratings());
        fl.addProperty("equal_raters", f.equalRaters());
        fl.add("p_bar", number(f.pBar()));
        fl.add("p_expected", number(f.pExpected()));
        fl.add("kappa", number(f.kappa()));
        o.add("fleiss", fl);
        JsonArray table = new JsonArray();
        for (long[] row : r.coincidence()) {
            JsonArray jr = new JsonArray();
            for (long v : row) {
                jr.add(v);
            }
            table.add(jr);
        }
        o.add("coincidence", table);
        JsonObject specific = new JsonObject();
        r.specificAgreement().forEach((k, v) -> specific.add(k, number(v)));
        o.add("specific_agreement", specific);
        JsonArray dis = new JsonArray();
        for (Agreement.Disagreement d : r.disagreements()) {
            JsonObject j = new JsonObject();
            j.addProperty("case_id", d.caseId());
            JsonObject labels = new JsonObject();
            new java.util.TreeMap<>(d.labels()).forEach(labels::addProperty);
            j.add("labels", labels);
            dis.add(j);
        }
        o.add("disagreements", dis);
        return print(o);
    }

    static String methods(MethodRegistry registry) {
        JsonObject o = new JsonObject();
        JsonArray list = new JsonArray();
        for (MethodDescriptor d : registry.list()) {
            JsonObject j = new JsonObject();
            j.addProperty("id", d.id());
            j.addProperty("label", d.label());
            j.addProperty("produces", d.produces().name().toLowerCase(java.util.Locale.ROOT));
            j.addProperty("contributor", d.contributor());
            j.addProperty("description", d.description());
            list.add(j);
        }
        o.add("methods", list);
        o.add("problems", strings(registry.problems()));
        return print(o);
    }

    static JsonArray strings(List<String> s) {
        JsonArray a = new JsonArray();
        s.forEach(a::add);
        return a;
    }
}
