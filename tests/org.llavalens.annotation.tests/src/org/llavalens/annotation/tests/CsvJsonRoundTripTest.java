package org.llavalens.annotation.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llavalens.annotation.AnnotationProject;
import org.llavalens.annotation.agreement.ProjectRatings;
import org.llavalens.annotation.agreement.Rating;
import org.llavalens.annotation.agreement.RatingsCsv;
import org.llavalens.annotation.io.Csv;
import org.llavalens.annotation.io.Exporter;
import org.llavalens.annotation.io.ImportException;
import org.llavalens.annotation.io.QuestionImporter;
import org.llavalens.annotation.model.Case;

class CsvJsonRoundTripTest {

    @TempDir
    Path tmp;

    @Test
    void theCsvExportIsReadByAgreementWithItsUnlabelledCases() throws Exception {
        try (AnnotationProject p = ExportFixture.create(tmp)) {
            Path out = tmp.resolve("labels.csv");
            Exporter.run(p, Exporter.Format.CSV, out, null);
            List<Rating> ratings;
            try (Reader in = Files.newBufferedReader(out)) {
                ratings = RatingsCsv.read(in, "labels.csv");
            }
            assertEquals(ProjectRatings.of(p).stream().sorted(java.util.Comparator.comparing(Rating::annotator)).toList(),
                    ratings.stream().sorted(java.util.Comparator.comparing(Rating::annotator)).toList(),
                    "the label ids, not the display names; unlabelled cases skipped");
        }
    }

    @Test
    void cellsASpreadsheetWouldRunAsFormulasAreGuarded() throws Exception {
        assertEquals("\"'=SUM(A1)\"", Csv.field("=SUM(A1)"));
        for (String s : List.of("+1", "-1", "@cmd", "\tx", "\rx")) {
            assertTrue(Csv.field(s).startsWith("\"'"), s);
            assertEquals(s, Csv.unguard(Csv.read(new StringReader(Csv.field(s) + "\n")).get(0).fields().get(0)));
        }
        assertEquals("plain, text", Csv.read(new StringReader(Csv.field("plain, text"))).get(0).fields().get(0));
        try (AnnotationProject p = ExportFixture.create(tmp)) {
            Path out = tmp.resolve("labels.csv");
            Exporter.run(p, Exporter.Format.CSV, out, new Exporter.Options(true, null, null), null);
            byte[] bytes = Files.readAllBytes(out);
            assertEquals(List.of((byte) 0xEF, (byte) 0xBB, (byte) 0xBF), List.of(bytes[0], bytes[1], bytes[2]), "--bom");
            String text = new String(bytes, StandardCharsets.UTF_8);
            assertTrue(text.contains(",\"'=SUM(A1) is a sign in the image?\","), text);
            assertFalse(text.contains(",=SUM"), "no cell starts with =");
        }
    }

    @Test
    void aCsvOrJsonLinesExportImportsIntoAnotherProject() throws Exception {
        try (AnnotationProject p = ExportFixture.create(tmp)) {
            Exporter.run(p, Exporter.Format.CSV, tmp.resolve("labels.csv"), null);
            Exporter.run(p, Exporter.Format.JSONL, tmp.resolve("labels.jsonl"), null);
        }
        try (AnnotationProject q = AnnotationProject.create(tmp.resolve("second"), "second")) {
            for (String name : List.of("labels.csv", "labels.jsonl")) {
                QuestionImporter.Result r = QuestionImporter.run(q, tmp.resolve("project"), tmp.resolve(name),
                        new QuestionImporter.Options(null, null, null, false), null);
                assertEquals(3, r.imported(), name + ": one case per exported case, not per label");
                Case c = q.findCase(r.dataset().getId() + "-2");
                assertEquals("=SUM(A1) is a sign in the image?", c.getQuestion(), name);
                assertEquals("no", c.getExpectedAnswer(), name);
                assertEquals("images/" + r.dataset().getId() + "/images/pope/street.png", c.getImage(), name);
            }
        }
    }

    @Test
    void jsonArraysAndLlavaConversationFilesImport() throws Exception {
        Path images = Files.createDirectories(tmp.resolve("imgs"));
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(2, 2, 1), "png", images.resolve("a.png").toFile());
        Path array = tmp.resolve("llava_eval.json");
        Files.writeString(array, """
                [
                  {"id": "q1", "image": "a.png", "question": "What colour is the car?", "answer": "red"},
                  {"id": "000000033471", "image": "a.png", "conversations": [
                    {"from": "human", "value": "<image>\\nWhat are the colors of the bus in the image?"},
                    {"from": "gpt", "value": "The bus in the image is white and red."}]}
                ]
                """);
        try (AnnotationProject p = AnnotationProject.create(tmp.resolve("p"), "p")) {
            QuestionImporter.run(p, images, array, new QuestionImporter.Options(null, null, null, false), null);
            assertEquals("red", p.findCase("llava_eval-q1").getExpectedAnswer());
            Case conv = p.findCase("llava_eval-000000033471");
            assertEquals("What are the colors of the bus in the image?", conv.getQuestion());
            assertEquals("The bus in the image is white and red.", conv.getExpectedAnswer());
        }
    }

    @Test
    void aJsonErrorIsOneLine() throws Exception {
        Path images = Files.createDirectories(tmp.resolve("imgs"));
        Path bad = tmp.resolve("bad.jsonl");
        Files.writeString(bad, "{\"image\": \"a.png\", \"question\": \"unterminated}\n[1, 2\n");
        Path badArray = tmp.resolve("bad.json");
        Files.writeString(badArray, "[{\"image\": \"a.png\"},, ]");
        try (AnnotationProject p = AnnotationProject.create(tmp.resolve("p"), "p")) {
            for (Path f : List.of(bad, badArray)) {
                ImportException e = assertThrows(ImportException.class,
                        () -> QuestionImporter.run(p, images, f, new QuestionImporter.Options(null, null, null, false),
                                null));
                for (String problem : e.problems()) {
                    assertFalse(problem.contains("\n"), problem);
                    assertTrue(problem.startsWith(f.getFileName().toString()), problem);
                }
            }
        }
    }
}
