package org.llavalens.annotation.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llavalens.annotation.AnnotationProject;
import org.llavalens.annotation.LabelService;
import org.llavalens.annotation.Taxonomies;
import org.llavalens.annotation.io.Exporter;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

class CocoExportTest {

    @TempDir
    Path tmp;

    private JsonObject export(AnnotationProject p, String name) throws Exception {
        Path out = tmp.resolve(name);
        Exporter.run(p, Exporter.Format.COCO, out, null);
        return JsonParser.parseString(Files.readString(out)).getAsJsonObject();
    }

    @Test
    void everyObjectHasTheFieldsPycocotoolsAndDatumaroRead() throws Exception {
        JsonObject required = Golden.json("coco-required.json");
        try (AnnotationProject p = ExportFixture.create(tmp)) {
            JsonObject coco = export(p, "coco.json");
            for (JsonElement e : coco.getAsJsonArray("images")) {
                Golden.assertHasRequired(required, "image", e.getAsJsonObject(), "image");
            }
            for (JsonElement e : coco.getAsJsonArray("annotations")) {
                JsonObject a = e.getAsJsonObject();
                Golden.assertHasRequired(required, "annotation", a, "annotation");
                assertEquals(0, a.get("iscrowd").getAsInt());
                for (Map.Entry<String, JsonElement> attr : a.getAsJsonObject("attributes").entrySet()) {
                    assertTrue(attr.getValue().isJsonPrimitive() || attr.getValue().isJsonNull(),
                            "attribute " + attr.getKey() + " is a scalar, as Datumaro and CVAT keep them");
                }
            }
            for (JsonElement e : coco.getAsJsonArray("categories")) {
                Golden.assertHasRequired(required, "category", e.getAsJsonObject(), "category");
            }
        }
    }

    @Test
    void onePictureAskedAboutTwiceIsOneImageWithItsSize() throws Exception {
        try (AnnotationProject p = ExportFixture.create(tmp)) {
            JsonArray images = export(p, "coco.json").getAsJsonArray("images");
            assertEquals(2, images.size(), "three questions, two pictures");
            JsonObject street = images.get(0).getAsJsonObject();
            assertEquals("images/pope/street.png", street.get("file_name").getAsString());
            assertEquals(ExportFixture.WIDE_W, street.get("width").getAsInt());
            assertEquals(ExportFixture.WIDE_H, street.get("height").getAsInt());
            assertEquals(300, images.get(1).getAsJsonObject().get("height").getAsInt());
        }
    }

    @Test
    void evidencePatchesBecomeABoxInOriginalImagePixels() throws Exception {
        try (AnnotationProject p = ExportFixture.create(tmp)) {
            JsonArray anns = export(p, "coco.json").getAsJsonArray("annotations");
            JsonObject alice = anns.get(0).getAsJsonObject();
            assertEquals("alice", alice.getAsJsonObject("attributes").get("annotator").getAsString());
            JsonArray box = alice.getAsJsonArray("bbox");
            // patches 0,1,24,25 = crop pixels [0,28) x [0,28); the crop starts at x 84 of the 504 x 336
            // resize of the 600 x 400 picture: x 84..112 -> 100..133.33, y 0..28 -> 0..33.33
            assertEquals(100.0, box.get(0).getAsDouble(), 0.01);
            assertEquals(0.0, box.get(1).getAsDouble(), 0.01);
            assertEquals(33.33, box.get(2).getAsDouble(), 0.01);
            assertEquals(33.33, box.get(3).getAsDouble(), 0.01);
            assertEquals(33.33 * 33.33, alice.get("area").getAsDouble(), 0.01);
            assertEquals("2_3", alice.getAsJsonObject("attributes").get("evidence_heads").getAsString());
            JsonObject bob = anns.get(1).getAsJsonObject();
            assertEquals(0, bob.getAsJsonArray("bbox").size(), "no evidence, no box");
            assertEquals(0.0, bob.get("area").getAsDouble());
        }
    }

    @Test
    void categoryIdsKeepTheirMeaningAcrossTaxonomyEdits() throws Exception {
        try (AnnotationProject p = ExportFixture.create(tmp)) {
            Map<String, Integer> before = categories(export(p, "before.json"));
            LabelService s = new LabelService(p);
            s.renameLabel(Taxonomies.WRONG_OBJECT, "Attended the wrong object", "renamed");
            s.retireLabel(Taxonomies.CORRECT, true);
            s.addLabel("occlusion", "Occluded object", "added later", 9);
            JsonObject after = export(p, "after.json");
            Map<String, Integer> now = categories(after);
            before.forEach((label, id) -> assertEquals(id, now.get(label), label + " keeps its category id"));
            assertEquals(before.size() + 1, now.size());
            assertEquals(before.get(Taxonomies.WRONG_OBJECT),
                    after.getAsJsonArray("annotations").get(1).getAsJsonObject().get("category_id").getAsInt());
        }
    }

    private static Map<String, Integer> categories(JsonObject coco) {
        Map<String, Integer> ids = new HashMap<>();
        coco.getAsJsonArray("categories").forEach(
                c -> ids.put(c.getAsJsonObject().get("name").getAsString(), c.getAsJsonObject().get("id").getAsInt()));
        return ids;
    }
}
