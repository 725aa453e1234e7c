package org.llavalens.annotation.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llavalens.annotation.AnnotationProject;
import org.llavalens.annotation.LabelService;
import org.llavalens.annotation.Taxonomies;
import org.llavalens.annotation.io.Exporter;
import org.llavalens.annotation.io.ImportException;
import org.llavalens.annotation.io.LabelStudioImport;
import org.llavalens.annotation.io.export.LabelStudioUsers;
import org.llavalens.annotation.model.Annotation;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

class LabelStudioRoundTripTest {

    private static final String PREFIX = "/data/local-files/?d=lens/";

    @TempDir
    Path tmp;

    private JsonArray export(AnnotationProject p, Path out) throws Exception {
        Exporter.run(p, Exporter.Format.LABELSTUDIO, out, new Exporter.Options(false, PREFIX, null), null);
        return JsonParser.parseString(Files.readString(out)).getAsJsonArray();
    }

    @Test
    void tasksHaveEveryFieldLabelStudiosImportReads() throws Exception {
        JsonObject required = Golden.json("labelstudio-required.json");
        try (AnnotationProject p = ExportFixture.create(tmp)) {
            JsonArray tasks = export(p, tmp.resolve("out/ls.json"));
            assertEquals(3, tasks.size(), "one task per case");
            for (JsonElement t : tasks) {
                JsonObject task = t.getAsJsonObject();
                Golden.assertHasRequired(required, "task", task, "task");
                JsonObject data = task.getAsJsonObject("data");
                Golden.assertHasRequired(required, "data", data, "task data");
                assertTrue(data.get("image").getAsString().startsWith(PREFIX + "images/pope/"),
                        data.get("image").getAsString());
                for (JsonElement a : task.getAsJsonArray("annotations")) {
                    JsonObject ann = a.getAsJsonObject();
                    Golden.assertHasRequired(required, "annotation", ann, "annotation");
                    Golden.assertHasRequired(required, "completed_by", ann.getAsJsonObject("completed_by"),
                            "completed_by");
                    assertFalse(ann.get("ground_truth").getAsBoolean(), "an annotator's label is not ground truth");
                    for (JsonElement r : ann.getAsJsonArray("result")) {
                        Golden.assertHasRequired(required, "result", r.getAsJsonObject(), "annotation result");
                    }
                }
                for (JsonElement pr : task.getAsJsonArray("predictions")) {
                    Golden.assertHasRequired(required, "prediction", pr.getAsJsonObject(), "prediction");
                    for (JsonElement r : pr.getAsJsonObject().getAsJsonArray("result")) {
                        Golden.assertHasRequired(required, "result", r.getAsJsonObject(), "prediction result");
                    }
                }
            }
            JsonObject first = tasks.get(0).getAsJsonObject();
            assertEquals("pope-1", first.getAsJsonObject("data").get("case_id").getAsString());
            JsonObject prediction = first.getAsJsonArray("predictions").get(0).getAsJsonObject();
            assertEquals("llava-hf/llava-1.5-7b-hf@abcdef012345", prediction.get("model_version").getAsString());
            assertEquals(0.75, prediction.get("score").getAsDouble(), 1e-12, "head 2_3 holds 6 of 8 positive units");
            JsonArray predicted = prediction.getAsJsonArray("result");
            assertEquals("Yes", predicted.get(0).getAsJsonObject().getAsJsonObject("value").getAsJsonArray("text")
                    .get(0).getAsString());
            assertEquals("2_3 75.0%", predicted.get(1).getAsJsonObject().getAsJsonObject("value")
                    .getAsJsonArray("text").get(0).getAsString());
            assertEquals(0, tasks.get(2).getAsJsonObject().getAsJsonArray("predictions").size(),
                    "a case the model never ran on has no prediction");
        }
    }

    @Test
    void theConfigBesideTheExportHasEveryTagAndChoiceTheTasksUse() throws Exception {
        try (AnnotationProject p = ExportFixture.create(tmp)) {
            Path out = tmp.resolve("ls.json");
            JsonArray tasks = export(p, out);
            String xml = Files.readString(Exporter.labelStudioConfigOf(out));
            assertEquals(Golden.text("labelstudio-config.xml"), xml);
            Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
            Map<String, String> typeOfName = new HashMap<>();
            for (String tag : List.of("Image", "Choices", "TextArea")) {
                NodeList nodes = doc.getElementsByTagName(tag);
                for (int i = 0; i < nodes.getLength(); i++) {
                    typeOfName.put(((Element) nodes.item(i)).getAttribute("name"), tag.toLowerCase());
                }
            }
            Set<String> choices = new HashSet<>();
            NodeList nodes = doc.getElementsByTagName("Choice");
            for (int i = 0; i < nodes.getLength(); i++) {
                choices.add(((Element) nodes.item(i)).getAttribute("value"));
            }
            int checked = 0;
            for (JsonElement t : tasks) {
                JsonObject task = t.getAsJsonObject();
                JsonArray results = new JsonArray();
                task.getAsJsonArray("annotations").forEach(a -> results.addAll(a.getAsJsonObject().getAsJsonArray("result")));
                task.getAsJsonArray("predictions").forEach(a -> results.addAll(a.getAsJsonObject().getAsJsonArray("result")));
                for (JsonElement r : results) {
                    JsonObject res = r.getAsJsonObject();
                    assertEquals(res.get("type").getAsString(), typeOfName.get(res.get("from_name").getAsString()),
                            "from_name " + res.get("from_name") + " is a tag of its type");
                    assertEquals("image", typeOfName.get(res.get("to_name").getAsString()));
                    if (res.getAsJsonObject("value").has("choices")) {
                        for (JsonElement c : res.getAsJsonObject("value").getAsJsonArray("choices")) {
                            assertTrue(choices.contains(c.getAsString()), c + " is a Choice value");
                        }
                    }
                    checked++;
                }
            }
            assertEquals(5, checked, "2 causes, 1 note, the answer and the heads");
        }
    }

    @Test
    void usersAreMappedThroughAFileTheTeamEdits() throws Exception {
        try (AnnotationProject p = ExportFixture.create(tmp)) {
            Path users = p.directory().resolve(LabelStudioUsers.FILE);
            JsonArray tasks = export(p, tmp.resolve("ls.json"));
            LabelStudioUsers written = LabelStudioUsers.read(users);
            assertEquals(List.of("alice", "bob"), written.users().stream().map(LabelStudioUsers.User::annotator).toList());
            assertTrue(written.byAnnotator("alice").get().email().endsWith(".invalid"),
                    "a placeholder Label Studio refuses until the team writes the real address");
            new LabelStudioUsers(List.of(new LabelStudioUsers.User("alice", "alice@lab.example", 7),
                    new LabelStudioUsers.User("bob", "bob@lab.example", 9))).write(users);
            tasks = export(p, tmp.resolve("ls.json"));
            JsonArray anns = tasks.get(0).getAsJsonObject().getAsJsonArray("annotations");
            assertEquals("alice@lab.example",
                    anns.get(0).getAsJsonObject().getAsJsonObject("completed_by").get("email").getAsString());
            assertEquals("bob@lab.example",
                    anns.get(1).getAsJsonObject().getAsJsonObject("completed_by").get("email").getAsString());
        }
    }

    /**
     * Label Studio's own JSON export of the imported tasks: what it keeps of ours, with
     * {@code completed_by} as the member's number and its own annotation ids.
     */
    private static JsonArray asLabelStudioExports(JsonArray ours, Map<String, Integer> idsByEmail) {
        JsonArray out = new JsonArray();
        int annId = 100;
        for (JsonElement t : ours) {
            JsonObject task = t.getAsJsonObject().deepCopy();
            task.remove("predictions");
            for (JsonElement a : task.getAsJsonArray("annotations")) {
                JsonObject ann = a.getAsJsonObject();
                String email = ann.getAsJsonObject("completed_by").get("email").getAsString();
                ann.addProperty("completed_by", idsByEmail.get(email));
                ann.addProperty("id", annId++);
                ann.remove("meta");
            }
            out.add(task);
        }
        return out;
    }

    @Test
    void aLabelStudioExportComesBackAsEachAnnotatorsLabels() throws Exception {
        Path lsExport = tmp.resolve("from-label-studio.json");
        try (AnnotationProject p = ExportFixture.create(tmp)) {
            Path users = p.directory().resolve(LabelStudioUsers.FILE);
            new LabelStudioUsers(List.of(new LabelStudioUsers.User("alice", "alice@lab.example", 7),
                    new LabelStudioUsers.User("bob", "bob@lab.example", 9))).write(users);
            JsonArray back = asLabelStudioExports(export(p, tmp.resolve("ls.json")),
                    Map.of("alice@lab.example", 7, "bob@lab.example", 9));
            // in Label Studio, bob changes his mind on case 1 and labels case 3
            JsonObject bobs = back.get(0).getAsJsonObject().getAsJsonArray("annotations").get(1).getAsJsonObject();
            bobs.getAsJsonArray("result").get(0).getAsJsonObject().getAsJsonObject("value").add("choices",
                    JsonParser.parseString("[\"language-prior\"]"));
            JsonObject newOne = bobs.deepCopy();
            newOne.getAsJsonArray("result").get(0).getAsJsonObject().getAsJsonObject("value").add("choices",
                    JsonParser.parseString("[\"correct\"]"));
            back.get(2).getAsJsonObject().getAsJsonArray("annotations").add(newOne);
            Files.writeString(lsExport, back.toString());

            LabelStudioImport.Summary s = new LabelStudioImport(p, LabelStudioUsers.read(users), users.toString())
                    .run(lsExport);
            assertEquals(new LabelStudioImport.Summary(2, 1, 3), s, "alice's label is unchanged");
        }
        try (AnnotationProject p = AnnotationProject.open(tmp.resolve("project"))) {
            LabelService labels = new LabelService(p);
            Annotation alice = labels.labelOf(p.findCase("pope-1"), "alice");
            assertEquals(Taxonomies.TOO_FEW_PATCHES, alice.getLabelId());
            assertEquals("only half the bus", alice.getNote());
            assertEquals(4, alice.getEvidence().getPatches().size(), "an unchanged label keeps its evidence");
            assertEquals(Taxonomies.LANGUAGE_PRIOR, labels.labelOf(p.findCase("pope-1"), "bob").getLabelId());
            assertEquals(Taxonomies.CORRECT, labels.labelOf(p.findCase("pope-3"), "bob").getLabelId());
            assertNull(labels.labelOf(p.findCase("pope-2"), "bob"));
        }
    }

    @Test
    void anUnknownUserOrLabelChangesNothing() throws Exception {
        try (AnnotationProject p = ExportFixture.create(tmp)) {
            Path users = p.directory().resolve(LabelStudioUsers.FILE);
            JsonArray back = asLabelStudioExports(export(p, tmp.resolve("ls.json")), Map.of());
            back.get(0).getAsJsonObject().getAsJsonArray("annotations").get(0).getAsJsonObject()
                    .addProperty("completed_by", 42);
            Path file = tmp.resolve("bad.json");
            Files.writeString(file, back.toString());
            ImportException e = assertThrows(ImportException.class,
                    () -> new LabelStudioImport(p, LabelStudioUsers.read(users), "users.json").run(file));
            assertTrue(e.problems().get(0).contains("user 42 is not in users.json"), e.problems().get(0));
            assertFalse(p.isDirty());
        }
    }
}
