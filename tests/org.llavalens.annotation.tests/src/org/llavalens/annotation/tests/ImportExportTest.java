package org.llavalens.annotation.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llavalens.annotation.AnnotationProject;
import org.llavalens.annotation.EvidenceSpec;
import org.llavalens.annotation.LabelService;
import org.llavalens.annotation.ResultAttachments;
import org.llavalens.annotation.Taxonomies;
import org.llavalens.annotation.io.Csv;
import org.llavalens.annotation.io.Exporter;
import org.llavalens.annotation.io.ImportException;
import org.llavalens.annotation.io.QuestionImporter;
import org.llavalens.annotation.io.QuestionImporter.Format;
import org.llavalens.annotation.model.Case;
import org.llavalens.annotation.model.ReviewState;
import org.llavalens.annotation.store.Hashes;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

class ImportExportTest {

    @TempDir
    Path tmp;
    Path images;
    Path dir;

    @BeforeEach
    void images() throws Exception {
        images = Files.createDirectories(tmp.resolve("imgs"));
        Files.createDirectories(images.resolve("sub"));
        for (String n : List.of("a.png", "b.png", "sub/c.png")) {
            BufferedImage img = new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB);
            img.setRGB(0, 0, n.hashCode());
            ImageIO.write(img, "png", images.resolve(n).toFile());
        }
        dir = tmp.resolve("project");
    }

    private static QuestionImporter.Options opts(Format f) {
        return new QuestionImporter.Options(null, null, f, false);
    }

    private Path write(String name, String text) throws Exception {
        Path p = tmp.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void csvImportCopiesImagesIntoTheProjectWithTheirHashes() throws Exception {
        Path q = write("bottles.csv", """
                id,image,question,expected_answer,answer_prefix
                q1,a.png,"Is the bottle on the left, or the right?",left,ASSISTANT:
                q2,sub/c.png,"Two lines
                in one question",,
                q3,a.png,Is there a cat?,no,
                """);
        try (AnnotationProject p = AnnotationProject.create(dir, "t")) {
            QuestionImporter.Result r = QuestionImporter.run(p, images, q, opts(null), new NullProgressMonitor());
            assertEquals(3, r.imported());
            assertEquals("bottles", r.dataset().getId());
            Case c1 = p.findCase("bottles-q1");
            assertEquals("images/bottles/a.png", c1.getImage());
            assertEquals(Hashes.sha256(images.resolve("a.png")), c1.getImageSha256());
            assertEquals(Hashes.sha256(images.resolve("a.png")), Hashes.sha256(dir.resolve(c1.getImage())));
            assertEquals("Is the bottle on the left, or the right?", c1.getQuestion());
            assertEquals("left", c1.getExpectedAnswer());
            assertEquals("ASSISTANT:", c1.getAnswerPrefix());
            Case c2 = p.findCase("bottles-q2");
            assertEquals("Two lines\nin one question", c2.getQuestion());
            assertNull(c2.getExpectedAnswer());
            assertEquals("images/bottles/sub/c.png", c2.getImage());
            assertTrue(p.imageIntact(c1));
            Files.write(p.imageFile(c1), new byte[] { 1, 2, 3 });
            assertFalse(p.imageIntact(c1), "a changed image no longer matches its recorded hash");
        }
        try (AnnotationProject p = AnnotationProject.open(dir)) {
            assertEquals(3, p.caseIndex().size(), "an import is saved at once");
        }
    }

    @Test
    void jsonLinesAndPopeImports() throws Exception {
        Path jsonl = write("qs.jsonl", """
                {"id": "x1", "image": "b.png", "question": "What colour is the car?", "answer": "red", "model_answer": "Blue", "target_token": " Blue"}

                {"question_id": 7, "image": "a.png", "text": "How many bottles?"}
                """);
        Path pope = write("pope_adversarial.jsonl", """
                {"question_id": 1, "image": "a.png", "text": "Is there a snowboard in the image?", "label": "yes"}
                {"question_id": 2, "image": "b.png", "text": "Is there a bottle in the image?", "label": "no"}
                """);
        try (AnnotationProject p = AnnotationProject.create(dir, "t")) {
            QuestionImporter.run(p, images, jsonl, opts(null), null);
            QuestionImporter.Result r = QuestionImporter.run(p, images, pope, opts(Format.POPE), null);
            assertEquals("red", p.findCase("qs-x1").getExpectedAnswer());
            assertEquals("Blue", p.findCase("qs-x1").getModelAnswer());
            assertEquals(" Blue", p.findCase("qs-x1").getTargetToken());
            assertEquals("How many bottles?", p.findCase("qs-7").getQuestion());
            assertEquals("pope_adversarial", r.dataset().getId());
            Case c = p.findCase("pope_adversarial-1");
            assertEquals("1", c.getExternalId());
            assertEquals("Is there a snowboard in the image?", c.getQuestion());
            assertEquals("yes", c.getExpectedAnswer());
            assertEquals("pope_adversarial-2", p.findCase("pope_adversarial-2").getId());
            assertEquals(2, p.model().getDatasets().size());
        }
    }

    @Test
    void malformedRowsAreReportedWithLineNumbersAndNothingIsImported() throws Exception {
        Path q = write("bad.csv", """
                image,question
                a.png,fine
                missing.png,no such image
                b.png
                ../imgs/a.png,escapes the folder
                b.png,
                """);
        try (AnnotationProject p = AnnotationProject.create(dir, "t")) {
            ImportException e = assertThrows(ImportException.class,
                    () -> QuestionImporter.run(p, images, q, opts(null), null));
            assertEquals(4, e.problems().size(), e.problems().toString());
            assertTrue(e.problems().get(0).startsWith("bad.csv:4: 1 fields"), e.problems().get(0));
            assertTrue(e.problems().get(1).startsWith("bad.csv:6: empty question"), e.problems().get(1));
            assertTrue(e.problems().get(2).startsWith("bad.csv:3: no image file missing.png"), e.problems().get(2));
            assertTrue(e.problems().get(3).startsWith("bad.csv:5: path leaves"), e.problems().get(3));
            assertTrue(e.getMessage().contains("nothing imported"));
            assertEquals(0, p.model().getDatasets().size());
            assertFalse(Files.exists(dir.resolve("images/bad")));
            assertFalse(p.isDirty());
        }
        Path pope = write("pope.jsonl", """
                {"question_id": 1, "image": "a.png", "text": "ok?", "label": "yes"}
                {"question_id": 2, "image": "a.png", "text": "broken"
                {"question_id": 3, "image": "a.png", "text": "no label"}
                {"question_id": 1, "image": "b.png", "text": "duplicate id", "label": "no"}
                """);
        try (AnnotationProject p = AnnotationProject.open(dir)) {
            ImportException e = assertThrows(ImportException.class,
                    () -> QuestionImporter.run(p, images, pope, opts(Format.POPE), null));
            assertEquals(3, e.problems().size(), e.problems().toString());
            assertTrue(e.problems().get(0).startsWith("pope.jsonl:2: malformed JSON"), e.problems().get(0));
            assertEquals("pope.jsonl:3: POPE row lacks label", e.problems().get(1));
            assertEquals("pope.jsonl:4: duplicate id 1", e.problems().get(2));
            assertEquals(0, p.model().getDatasets().size());
        }
    }

    @Test
    void skippingMalformedRowsIsExplicitAndListsThem() throws Exception {
        Path q = write("some.csv", "image,question\na.png,one\nnope.png,two\nb.png,three\n");
        try (AnnotationProject p = AnnotationProject.create(dir, "t")) {
            QuestionImporter.Result r = QuestionImporter.run(p, images, q,
                    new QuestionImporter.Options("mine", "My set", null, true), null);
            assertEquals(2, r.imported());
            assertEquals(1, r.skipped().size());
            assertTrue(r.skipped().get(0).startsWith("some.csv:3:"));
            assertEquals("My set", r.dataset().getName());
            assertEquals(List.of("mine-2", "mine-4"), List.copyOf(p.caseIndex().keySet()));
        }
    }

    @Test
    void imagesLinkedFromOutsideTheImagesFolderAreRejected() throws Exception {
        Path secret = Files.createDirectories(tmp.resolve("private"));
        Files.writeString(secret.resolve("id_rsa"), "key");
        Files.createSymbolicLink(images.resolve("link.png"), secret.resolve("id_rsa"));
        Path q = write("q.csv", "image,question\nlink.png,what?\n");
        try (AnnotationProject p = AnnotationProject.create(dir, "t")) {
            ImportException e = assertThrows(ImportException.class,
                    () -> QuestionImporter.run(p, images, q, opts(null), null));
            assertTrue(e.problems().get(0).contains("symbolic link"), e.problems().get(0));
        }
    }

    @Test
    void anImagesFolderLeftByAnInterruptedImportIsNeitherReusedNorOverwritten() throws Exception {
        try (AnnotationProject p = AnnotationProject.create(dir, "t")) {
            Path leftover = Files.createDirectories(dir.resolve("images/qs"));
            Files.writeString(leftover.resolve("a.png"), "from the interrupted import");
            QuestionImporter.Result r = QuestionImporter.run(p, images, write("qs.csv", "image,question\na.png,q\n"),
                    opts(null), null);
            assertEquals("qs-2", r.dataset().getId());
            assertEquals("from the interrupted import", Files.readString(leftover.resolve("a.png")));
        }
    }

    @Test
    void importingAnImagesFolderInsideTheProjectReferencesItInPlace() throws Exception {
        try (AnnotationProject p = AnnotationProject.create(dir, "t")) {
            Path inside = Files.createDirectories(dir.resolve("images/own"));
            Files.copy(images.resolve("a.png"), inside.resolve("a.png"));
            QuestionImporter.run(p, inside, write("own.csv", "image,question\na.png,q\n"), opts(null), null);
            assertEquals("images/own/a.png", p.findCase("own-2").getImage());
        }
    }

    private AnnotationProject labelledProject() throws Exception {
        AnnotationProject p = AnnotationProject.create(dir, "export me");
        QuestionImporter.run(p, images, write("pope.jsonl", """
                {"question_id": 1, "image": "a.png", "text": "Is there a bottle, left?", "label": "yes"}
                {"question_id": 2, "image": "b.png", "text": "Is there a dog?", "label": "no"}
                """), opts(Format.POPE), null);
        LabelService s = new LabelService(p);
        Case c1 = p.findCase("pope-1");
        Path result = write("r.json", "{\"id\": \"res-1\", \"method\": \"logprob-increase\", \"scores\": [1, 2]}");
        Path heat = tmp.resolve("heat.png");
        ImageIO.write(new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB), "png", heat.toFile());
        ResultAttachments.attach(p, c1, result, List.of(heat), null);
        s.setLabel(c1, "alice", Taxonomies.TOO_FEW_PATCHES, 0.9, "only the right bottle",
                new EvidenceSpec("res-1", Map.of("method", "logprob-increase"), List.of(5, 6),
                        List.of(new EvidenceSpec.Head(14, 3))));
        s.setLabel(c1, "bob", Taxonomies.WRONG_OBJECT, 0.6, null, null);
        s.review(c1, "rita", ReviewState.NEEDS_REVIEW, "disagree");
        p.save();
        return p;
    }

    @Test
    void csvExportHasOneRowPerLabelAndTheHeatmapsBesideIt() throws Exception {
        try (AnnotationProject p = labelledProject()) {
            Path out = tmp.resolve("out/labels.csv");
            Exporter.Summary sum = Exporter.run(p, Exporter.Format.of("csv"), out, null);
            assertEquals(new Exporter.Summary(2, 2, 1), sum);
            List<Csv.Row> rows = Csv.read(new StringReader(Files.readString(out)));
            assertEquals(4, rows.size());
            List<String> header = rows.get(0).fields();
            List<String> alice = rows.get(1).fields();
            assertEquals("pope-1", alice.get(header.indexOf("case_id")));
            assertEquals("Is there a bottle, left?", alice.get(header.indexOf("question")));
            assertEquals("needs-review", alice.get(header.indexOf("review_state")));
            assertEquals("too-few-patches", alice.get(header.indexOf("label_id")));
            assertEquals("5;6", alice.get(header.indexOf("patches")));
            assertEquals("14_3", alice.get(header.indexOf("heads")));
            String heat = alice.get(header.indexOf("heatmaps"));
            assertEquals("labels-heatmaps/pope-1/res-1-heat.png", heat);
            assertTrue(Files.isRegularFile(out.resolveSibling(heat)));
            assertEquals("", rows.get(3).fields().get(header.indexOf("annotator")), "an unlabelled case has a row");
        }
    }

    @Test
    void jsonLinesCocoAndLabelStudioExports() throws Exception {
        try (AnnotationProject p = labelledProject()) {
            Path jl = tmp.resolve("e.jsonl");
            Exporter.run(p, Exporter.Format.JSONL, jl, null);
            List<String> lines = Files.readAllLines(jl);
            assertEquals(2, lines.size());
            JsonObject first = JsonParser.parseString(lines.get(0)).getAsJsonObject();
            assertEquals("pope-1", first.get("case_id").getAsString());
            JsonObject ev = first.getAsJsonArray("annotations").get(0).getAsJsonObject().getAsJsonObject("evidence");
            assertEquals("res-1", ev.get("result_id").getAsString());
            assertEquals(14, ev.getAsJsonArray("heads").get(0).getAsJsonObject().get("layer").getAsInt());
            assertEquals("results/pope-1/res-1.json",
                    first.getAsJsonArray("results").get(0).getAsJsonObject().get("path").getAsString());

            Path coco = tmp.resolve("coco.json");
            Exporter.run(p, Exporter.Format.of("coco"), coco, null);
            JsonObject c = JsonParser.parseString(Files.readString(coco)).getAsJsonObject();
            JsonArray imgs = c.getAsJsonArray("images");
            assertEquals(2, imgs.size());
            assertEquals("images/pope/a.png", imgs.get(0).getAsJsonObject().get("file_name").getAsString());
            assertEquals(8, c.getAsJsonArray("categories").size());
            JsonArray anns = c.getAsJsonArray("annotations");
            assertEquals(2, anns.size());
            assertEquals(2, anns.get(0).getAsJsonObject().get("category_id").getAsInt(), "too-few-patches is second");
            assertEquals(1, anns.get(0).getAsJsonObject().get("image_id").getAsInt());
            assertEquals("yes", anns.get(0).getAsJsonObject().getAsJsonObject("attributes").get("expected_answer")
                    .getAsString());

            Path ls = tmp.resolve("ls.json");
            Exporter.run(p, Exporter.Format.of("labelstudio"), ls,
                    new Exporter.Options(false, "/data/local-files/?d=", null), null);
            JsonArray tasks = JsonParser.parseString(Files.readString(ls)).getAsJsonArray();
            assertEquals(2, tasks.size());
            JsonObject t = tasks.get(0).getAsJsonObject();
            assertEquals("Is there a bottle, left?", t.getAsJsonObject("data").get("question").getAsString());
            JsonObject result = t.getAsJsonArray("annotations").get(0).getAsJsonObject().getAsJsonArray("result").get(0)
                    .getAsJsonObject();
            assertEquals("choices", result.get("type").getAsString());
            assertEquals(Taxonomies.TOO_FEW_PATCHES,
                    result.getAsJsonObject("value").getAsJsonArray("choices").get(0).getAsString());
            assertTrue(Files.isRegularFile(tmp.resolve("ls-heatmaps/pope-1/res-1-heat.png")));
        }
    }
}
