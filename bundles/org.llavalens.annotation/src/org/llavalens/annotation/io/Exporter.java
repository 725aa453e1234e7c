package org.llavalens.annotation.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import java.util.stream.Collectors;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;
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
import org.llavalens.annotation.model.ResultLink;
import org.llavalens.annotation.model.ReviewEntry;
import org.llavalens.annotation.store.AtomicFiles;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * Writes a project's cases with their labels in the formats other tools read. Heatmap PNGs of the
 * cases' saved results are copied into {@code <name>-heatmaps/<case>/} next to the export, and the
 * export names them by that relative path.
 * <ul>
 * <li>CSV: one row per label (a case without labels gets one row with empty label columns).</li>
 * <li>JSON Lines: one object per case with its labels, evidence, reviews and results.</li>
 * <li>COCO: {@code images} (one per case, the case's fields in {@code attributes}),
 * {@code categories} (the taxonomy) and {@code annotations} (one per label, no boxes).</li>
 * <li>Label Studio: a task list with {@code data} and one {@code choices} result per label.</li>
 * </ul>
 */
public final class Exporter {

    public enum Format {
        CSV, JSONL, COCO, LABELSTUDIO;

        public static Format of(String name) {
            try {
                return valueOf(name.toUpperCase(Locale.ROOT).replace("-", "").replace("_", ""));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown export format '" + name + "' (csv, jsonl, coco, labelstudio)");
            }
        }
    }

    public record Summary(int cases, int labels, int heatmaps) {
    }

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
    private static final Gson LINE = new GsonBuilder().disableHtmlEscaping().create();

    private final AnnotationProject project;
    private final Path out;
    private final Path heatmapDir;
    private int heatmapCount;

    private Exporter(AnnotationProject project, Path out) {
        this.project = project;
        this.out = out.toAbsolutePath().normalize();
        String n = this.out.getFileName().toString();
        int dot = n.lastIndexOf('.');
        this.heatmapDir = this.out.resolveSibling((dot > 0 ? n.substring(0, dot) : n) + "-heatmaps");
    }

    public static Summary run(AnnotationProject project, Format format, Path out, IProgressMonitor monitor)
            throws IOException {
        ExportTarget.check(project, out);
        return new Exporter(project, out).export(format, monitor);
    }

    private Summary export(Format format, IProgressMonitor monitor) throws IOException {
        List<Case> cases = new ArrayList<>(project.caseIndex().values());
        SubMonitor sub = SubMonitor.convert(monitor, "Exporting " + cases.size() + " cases", cases.size() + 1);
        Files.createDirectories(out.getParent());
        StringBuilder text = new StringBuilder();
        JsonArray cocoImages = new JsonArray();
        JsonArray cocoAnnotations = new JsonArray();
        JsonArray tasks = new JsonArray();
        int labels = 0;
        if (format == Format.CSV) {
            text.append(Csv.line(List.of("dataset", "case_id", "external_id", "image", "image_sha256", "question",
                    "answer_prefix", "expected_answer", "model_answer", "target_token", "review_state", "annotator",
                    "label_id", "label", "confidence", "note", "time", "result_id", "patches", "heads", "settings",
                    "heatmaps")));
        }
        int imageId = 0;
        for (Case c : cases) {
            if (sub.isCanceled()) {
                throw new OperationCanceledException();
            }
            List<Annotation> anns = project.annotations(c);
            List<ReviewEntry> reviews = project.reviews(c);
            List<String> heatmaps = copyHeatmaps(c);
            labels += anns.size();
            imageId++;
            switch (format) {
                case CSV -> csvRows(text, c, anns, reviews, heatmaps);
                case JSONL -> text.append(LINE.toJson(caseJson(c, anns, reviews, heatmaps))).append('\n');
                case COCO -> coco(cocoImages, cocoAnnotations, imageId, c, anns, reviews, heatmaps);
                case LABELSTUDIO -> tasks.add(labelStudioTask(imageId, c, anns, reviews, heatmaps));
            }
            sub.worked(1);
        }
        if (format == Format.COCO) {
            JsonObject root = new JsonObject();
            JsonObject info = new JsonObject();
            info.addProperty("description", "LLaVA Lens annotation project " + project.model().getName());
            info.addProperty("date_created", iso(new Date()));
            info.addProperty("version", "1.0");
            root.add("info", info);
            root.add("licenses", new JsonArray());
            root.add("images", cocoImages);
            root.add("annotations", cocoAnnotations);
            root.add("categories", cocoCategories());
            text.append(GSON.toJson(root)).append('\n');
        } else if (format == Format.LABELSTUDIO) {
            text.append(GSON.toJson(tasks)).append('\n');
        }
        AtomicFiles.write(out, text.toString().getBytes(StandardCharsets.UTF_8), false);
        sub.worked(1);
        return new Summary(cases.size(), labels, heatmapCount);
    }

    private List<String> copyHeatmaps(Case c) throws IOException {
        List<String> names = new ArrayList<>();
        for (ResultLink r : c.getResults()) {
            for (String h : r.getHeatmaps()) {
                Path src = project.paths().resolve(h);
                if (!Files.isRegularFile(src)) {
                    throw new IOException("case " + c.getId() + ": heatmap " + h + " is missing from the project");
                }
                Path dest = heatmapDir.resolve(safe(c.getId())).resolve(src.getFileName().toString());
                Files.createDirectories(dest.getParent());
                Files.copy(src, dest, StandardCopyOption.REPLACE_EXISTING);
                names.add(out.getParent().relativize(dest).toString().replace('\\', '/'));
                heatmapCount++;
            }
        }
        return names;
    }

    private static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private String datasetOf(Case c) {
        return c.eContainer() instanceof Dataset d ? d.getId() : "";
    }

    private String labelName(String id) {
        CauseLabel l = Taxonomies.find(project.model().getTaxonomy(), id);
        return l == null ? id : l.getName();
    }

    private void csvRows(StringBuilder text, Case c, List<Annotation> anns, List<ReviewEntry> reviews,
            List<String> heatmaps) {
        List<String> common = List.of(datasetOf(c), c.getId(), n(c.getExternalId()), n(c.getImage()),
                n(c.getImageSha256()), n(c.getQuestion()), n(c.getAnswerPrefix()), n(c.getExpectedAnswer()),
                n(c.getModelAnswer()), n(c.getTargetToken()), ReviewStates.current(reviews).getLiteral());
        String maps = String.join(";", heatmaps);
        if (anns.isEmpty()) {
            List<String> row = new ArrayList<>(common);
            row.addAll(List.of("", "", "", "", "", "", "", "", "", "", maps));
            text.append(Csv.line(row));
        }
        for (Annotation a : anns) {
            Evidence e = a.getEvidence();
            List<String> row = new ArrayList<>(common);
            row.addAll(List.of(a.getAnnotator(), a.getLabelId(), labelName(a.getLabelId()),
                    Double.toString(a.getConfidence()), n(a.getNote()), a.getTime() == null ? "" : iso(a.getTime()),
                    e == null ? "" : n(e.getResultId()),
                    e == null ? "" : e.getPatches().stream().map(String::valueOf).collect(Collectors.joining(";")),
                    e == null ? "" : e.getHeads().stream().map(h -> "L" + h.getLayer() + "H" + h.getHead())
                            .collect(Collectors.joining(";")),
                    e == null ? "" : e.getSettings().stream().map(s -> s.getKey() + "=" + s.getValue())
                            .collect(Collectors.joining(";")),
                    maps));
            text.append(Csv.line(row));
        }
    }

    private JsonObject caseFields(Case c, List<ReviewEntry> reviews) {
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

    private JsonObject caseJson(Case c, List<Annotation> anns, List<ReviewEntry> reviews, List<String> heatmaps) {
        JsonObject o = caseFields(c, reviews);
        JsonArray a = new JsonArray();
        anns.forEach(x -> a.add(annotationJson(x)));
        o.add("annotations", a);
        JsonArray r = new JsonArray();
        for (ReviewEntry e : reviews) {
            JsonObject j = new JsonObject();
            j.addProperty("reviewer", e.getReviewer());
            j.addProperty("state", e.getState().getLiteral());
            j.addProperty("comment", e.getComment());
            j.addProperty("time", e.getTime() == null ? null : iso(e.getTime()));
            r.add(j);
        }
        o.add("reviews", r);
        JsonArray res = new JsonArray();
        for (ResultLink l : c.getResults()) {
            JsonObject j = new JsonObject();
            j.addProperty("id", l.getId());
            j.addProperty("method", l.getMethod());
            j.addProperty("path", l.getPath());
            j.addProperty("sha256", l.getSha256());
            res.add(j);
        }
        o.add("results", res);
        o.add("heatmaps", strings(heatmaps));
        return o;
    }

    private JsonObject annotationJson(Annotation a) {
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
                h.add(hj);
            }
            ev.add("heads", h);
            ev.add("settings", attributes(e.getSettings()));
            j.add("evidence", ev);
        }
        return j;
    }

    private void coco(JsonArray images, JsonArray annotations, int imageId, Case c, List<Annotation> anns,
            List<ReviewEntry> reviews, List<String> heatmaps) {
        JsonObject img = new JsonObject();
        img.addProperty("id", imageId);
        img.addProperty("file_name", c.getImage());
        JsonObject attrs = caseFields(c, reviews);
        attrs.add("heatmaps", strings(heatmaps));
        img.add("attributes", attrs);
        images.add(img);
        List<CauseLabel> cats = project.model().getTaxonomy().getLabels();
        for (Annotation a : anns) {
            JsonObject j = new JsonObject();
            j.addProperty("id", annotations.size() + 1);
            j.addProperty("image_id", imageId);
            int cat = -1;
            for (int i = 0; i < cats.size(); i++) {
                if (cats.get(i).getId().equals(a.getLabelId())) {
                    cat = i + 1;
                }
            }
            j.addProperty("category_id", cat);
            j.add("attributes", annotationJson(a));
            annotations.add(j);
        }
    }

    private JsonArray cocoCategories() {
        JsonArray a = new JsonArray();
        List<CauseLabel> cats = project.model().getTaxonomy().getLabels();
        for (int i = 0; i < cats.size(); i++) {
            JsonObject j = new JsonObject();
            j.addProperty("id", i + 1);
            j.addProperty("name", cats.get(i).getId());
            j.addProperty("display_name", cats.get(i).getName());
            j.addProperty("supercategory", "hallucination_cause");
            a.add(j);
        }
        return a;
    }

    private JsonObject labelStudioTask(int id, Case c, List<Annotation> anns, List<ReviewEntry> reviews,
            List<String> heatmaps) {
        JsonObject task = new JsonObject();
        task.addProperty("id", id);
        JsonObject data = caseFields(c, reviews);
        data.add("heatmaps", strings(heatmaps));
        task.add("data", data);
        JsonArray list = new JsonArray();
        int n = 0;
        for (Annotation a : anns) {
            JsonObject ann = new JsonObject();
            ann.addProperty("id", id * 1000 + (++n));
            JsonObject value = new JsonObject();
            JsonArray choices = new JsonArray();
            choices.add(labelName(a.getLabelId()));
            value.add("choices", choices);
            JsonObject result = new JsonObject();
            result.addProperty("from_name", "cause");
            result.addProperty("to_name", "image");
            result.addProperty("type", "choices");
            result.add("value", value);
            JsonArray results = new JsonArray();
            results.add(result);
            ann.add("result", results);
            ann.addProperty("created_at", a.getTime() == null ? null : iso(a.getTime()));
            ann.add("meta", annotationJson(a));
            list.add(ann);
        }
        task.add("annotations", list);
        return task;
    }

    private static JsonObject attributes(List<Attribute> attrs) {
        Map<String, String> m = new LinkedHashMap<>();
        attrs.forEach(a -> m.put(a.getKey(), a.getValue()));
        JsonObject o = new JsonObject();
        m.forEach(o::addProperty);
        return o;
    }

    private static JsonArray strings(List<String> s) {
        JsonArray a = new JsonArray();
        s.forEach(a::add);
        return a;
    }

    private static String n(String s) {
        return s == null ? "" : s;
    }

    static String iso(Date d) {
        SimpleDateFormat f = new SimpleDateFormat("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT);
        f.setTimeZone(TimeZone.getTimeZone("UTC"));
        return f.format(d);
    }
}
