package org.llavalens.annotation.io.export;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Date;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import org.llavalens.annotation.AnnotationProject;
import org.llavalens.annotation.model.Annotation;
import org.llavalens.annotation.model.Case;
import org.llavalens.annotation.model.CauseLabel;
import org.llavalens.annotation.model.Evidence;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * COCO with image-level labels, readable by pycocotools ({@code COCO(...)}, {@code getAnnIds(iscrowd=...)},
 * {@code areaRng}) and by Datumaro's {@code coco_labels} reader, which turns each annotation into an
 * image tag ({@code Label}):
 * <ul>
 * <li>{@code images}: one per image file (several questions about one picture share it), with
 * {@code width} and {@code height} read from the file;</li>
 * <li>{@code annotations}: one per label, {@code iscrowd} 0, and when the annotator chose evidence
 * patches their bounding box in original-image pixels ({@code bbox}, {@code area}), else an empty
 * {@code bbox} and area 0; the case and label fields as flat {@code attributes};</li>
 * <li>{@code categories}: the taxonomy, id = position + 1. The taxonomy only grows (labels are
 * retired, never removed or reordered), so an id keeps its meaning across edits; retired labels stay
 * listed for that reason.</li>
 * </ul>
 */
public final class CocoExport {

    private final AnnotationProject project;
    private final CaseJson json;
    private final Map<String, JsonObject> images = new LinkedHashMap<>();
    private final JsonArray annotations = new JsonArray();

    public CocoExport(AnnotationProject project) {
        this.project = project;
        this.json = new CaseJson(project);
    }

    /** Category id of a label: its position in the append-only taxonomy, from 1. */
    public static int categoryId(List<CauseLabel> taxonomy, String labelId) {
        for (int i = 0; i < taxonomy.size(); i++) {
            if (taxonomy.get(i).getId().equals(labelId)) {
                return i + 1;
            }
        }
        throw new IllegalStateException("label " + labelId + " is not in the taxonomy");
    }

    public void add(ExportedCase e, List<String> maps) throws IOException {
        Case c = e.item();
        JsonObject image = images.get(c.getImage());
        if (image == null) {
            image = new JsonObject();
            image.addProperty("id", images.size() + 1);
            image.addProperty("file_name", c.getImage());
            int[] size = size(project.imageFile(c));
            image.addProperty("width", size[0]);
            image.addProperty("height", size[1]);
            images.put(c.getImage(), image);
        }
        int imageId = image.get("id").getAsInt();
        List<CaseResults.Linked> records = e.annotations().isEmpty() ? List.of() : CaseResults.of(project, c);
        List<CauseLabel> taxonomy = project.model().getTaxonomy().getLabels();
        for (Annotation a : e.annotations()) {
            JsonObject j = new JsonObject();
            j.addProperty("id", annotations.size() + 1);
            j.addProperty("image_id", imageId);
            j.addProperty("category_id", categoryId(taxonomy, a.getLabelId()));
            j.addProperty("iscrowd", 0);
            EvidenceBox box = box(a.getEvidence(), records);
            JsonArray bbox = new JsonArray();
            if (box != null) {
                bbox.add(box.x());
                bbox.add(box.y());
                bbox.add(box.width());
                bbox.add(box.height());
            }
            j.add("bbox", bbox);
            j.addProperty("area", box == null ? 0 : box.area());
            j.add("segmentation", new JsonArray());
            j.add("attributes", attributes(e, a, maps));
            annotations.add(j);
        }
    }

    public JsonObject root(String projectName) {
        JsonObject root = new JsonObject();
        JsonObject info = new JsonObject();
        info.addProperty("description", "LLaVA Lens annotation project " + projectName);
        info.addProperty("date_created", CaseJson.iso(new Date()));
        info.addProperty("version", "1.0");
        root.add("info", info);
        root.add("licenses", new JsonArray());
        JsonArray imgs = new JsonArray();
        images.values().forEach(imgs::add);
        root.add("images", imgs);
        root.add("annotations", annotations);
        JsonArray cats = new JsonArray();
        List<CauseLabel> taxonomy = project.model().getTaxonomy().getLabels();
        for (CauseLabel l : taxonomy) {
            JsonObject j = new JsonObject();
            j.addProperty("id", categoryId(taxonomy, l.getId()));
            j.addProperty("name", l.getId());
            j.addProperty("display_name", l.getName());
            j.addProperty("supercategory", "hallucination_cause");
            j.addProperty("retired", l.isRetired());
            cats.add(j);
        }
        root.add("categories", cats);
        return root;
    }

    private static EvidenceBox box(Evidence ev, List<CaseResults.Linked> records) {
        if (ev == null || ev.getPatches().isEmpty()) {
            return null;
        }
        CaseResults.Linked r = ev.getResultId() == null ? null
                : CaseResults.byId(records, ev.getResultId()).orElse(null);
        if (r == null || r.record().provenance() == null) {
            return null; // without the crop geometry the patches cannot be placed on the image
        }
        var prov = r.record().provenance();
        return EvidenceBox.of(ev.getPatches(), prov.gridSide(), prov.crop());
    }

    /** Flat scalars only: Datumaro and CVAT keep attribute values, not nested objects. */
    private JsonObject attributes(ExportedCase e, Annotation a, List<String> maps) {
        JsonObject o = new JsonObject();
        JsonObject fields = json.caseFields(e.item(), e.reviews());
        fields.remove("attributes");
        fields.entrySet().forEach(en -> o.add(en.getKey(), en.getValue()));
        o.addProperty("annotator", a.getAnnotator());
        o.addProperty("label_id", a.getLabelId());
        o.addProperty("label", json.labelName(a.getLabelId()));
        o.addProperty("confidence", a.getConfidence());
        o.addProperty("note", a.getNote());
        o.addProperty("time", a.getTime() == null ? null : CaseJson.iso(a.getTime()));
        Evidence ev = a.getEvidence();
        if (ev != null) {
            o.addProperty("evidence_result", ev.getResultId());
            o.addProperty("evidence_patches", String.join(";", ev.getPatches().stream().map(String::valueOf).toList()));
            o.addProperty("evidence_heads", String.join(";", ev.getHeads().stream().map(CaseJson::head).toList()));
        }
        o.addProperty("heatmaps", String.join(";", e.heatmaps()));
        o.addProperty("maps", String.join(";", maps));
        return o;
    }

    /** Width and height from the file's header, without decoding the pixels. */
    static int[] size(Path image) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(image.toFile())) {
            if (in != null) {
                Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
                if (readers.hasNext()) {
                    ImageReader r = readers.next();
                    try {
                        r.setInput(in);
                        return new int[] {r.getWidth(0), r.getHeight(0)};
                    } finally {
                        r.dispose();
                    }
                }
            }
        }
        throw new IOException("cannot read the size of " + image.getFileName() + " (not an image ImageIO knows)");
    }
}
