package org.llavalens.annotation.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llavalens.annotation.AnnotationProject;
import org.llavalens.annotation.LabelService;
import org.llavalens.annotation.io.Exporter;
import org.llavalens.annotation.io.export.PopeAnswers;
import org.llavalens.annotation.pope.PopeMetrics;
import org.llavalens.runtime.io.Npy;
import org.llavalens.runtime.io.NpyArray;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

class RawMapsAndPopeTest {

    @TempDir
    Path tmp;

    private static List<String> strings(JsonArray a) {
        return a.asList().stream().map(JsonElement::getAsString).toList();
    }

    @Test
    void rawMapsAreWrittenAsNpyAndSvgAndNamedByEveryJsonExport() throws Exception {
        try (AnnotationProject p = ExportFixture.create(tmp)) {
            Exporter.Options maps = new Exporter.Options(false, "http://host/", null, true);
            Path jl = tmp.resolve("out/cases.jsonl");
            Exporter.run(p, Exporter.Format.JSONL, jl, maps, null);
            JsonObject first = JsonParser.parseString(Files.readAllLines(jl).get(0)).getAsJsonObject();
            List<String> named = strings(first.getAsJsonArray("maps"));
            assertEquals(4, named.size(), named.toString());
            String patches = named.stream().filter(n -> n.endsWith("-patches.npy")).findFirst().orElseThrow();
            String image = named.stream().filter(n -> n.endsWith("-image.npy")).findFirst().orElseThrow();
            assertTrue(patches.startsWith("cases-maps/pope-1/"), patches);
            assertTrue(named.stream().anyMatch(n -> n.endsWith("-heads.svg")), named.toString());

            NpyArray grid = Npy.read(jl.resolveSibling(patches));
            assertEquals("<f4", grid.descr());
            assertArrayEquals(new int[] {24, 24}, grid.shape());
            assertEquals(1f, grid.floats()[25], "patch 25 is row 1, column 1");

            NpyArray onImage = Npy.read(jl.resolveSibling(image));
            assertArrayEquals(new int[] {ExportFixture.WIDE_H, ExportFixture.WIDE_W}, onImage.shape());
            float[] v = onImage.floats();
            // patch (1, 1) = crop [14, 28)^2 = resized x 98..112, y 14..28 = original x 116.7..133.3, y 16.7..33.3
            assertEquals(1f, v[20 * ExportFixture.WIDE_W + 120]);
            assertEquals(0f, v[20 * ExportFixture.WIDE_W + 110], "patch (1, 0)");
            assertTrue(Float.isNaN(v[20 * ExportFixture.WIDE_W + 50]), "cut away by the centre crop");
            String svg = Files.readString(jl.resolveSibling(named.stream().filter(n -> n.endsWith("-heads.svg"))
                    .findFirst().orElseThrow()));
            assertTrue(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 4 4\""), svg);
            assertTrue(svg.contains("<title>2_3 6.0</title>"), "the head's name and score as its tooltip");

            Path coco = tmp.resolve("out/coco.json");
            Exporter.run(p, Exporter.Format.COCO, coco, maps, null);
            JsonObject ann = JsonParser.parseString(Files.readString(coco)).getAsJsonObject().getAsJsonArray("annotations")
                    .get(0).getAsJsonObject();
            assertTrue(ann.getAsJsonObject("attributes").get("maps").getAsString().contains("coco-maps/pope-1/"));
            Path ls = tmp.resolve("out/ls.json");
            Exporter.run(p, Exporter.Format.LABELSTUDIO, ls, maps, null);
            JsonObject data = JsonParser.parseString(Files.readString(ls)).getAsJsonArray().get(0).getAsJsonObject()
                    .getAsJsonObject("data");
            assertEquals(4, data.getAsJsonArray("maps").size());
        }
    }

    @Test
    void popeReadsAnAnswerAsItsEvaluateScriptDoes() {
        assertFalse(PopeMetrics.saysYes("No, there is no bus in the image."));
        assertFalse(PopeMetrics.saysYes("There is not a bus."));
        assertTrue(PopeMetrics.saysYes("Yes, there is a bus in the image."));
        assertTrue(PopeMetrics.saysYes("I see a bus. No doubt."), "only the first sentence counts");
        assertTrue(PopeMetrics.saysYes("Nope"), "whole words only");
    }

    @Test
    void metricsPerSplitAndTheAnswerFile() throws Exception {
        try (AnnotationProject p = ExportFixture.create(tmp)) {
            LabelService s = new LabelService(p);
            // labels: 1 yes, 2 no, 3 yes; answers: yes (TP), yes (FP), no (FN)
            s.setModelOutput(p.findCase("pope-2"), "Yes, there is.", "Yes");
            s.setModelOutput(p.findCase("pope-3"), "No, there is no cat.", "No");
            PopeMetrics.Split split = PopeMetrics.of(p).splits().get(0);
            assertEquals(new PopeMetrics.Split("pope", 3, 3, 1, 1, 0, 1), split);
            assertEquals(1.0 / 3, split.accuracy(), 1e-12);
            assertEquals(0.5, split.precision(), 1e-12);
            assertEquals(0.5, split.recall(), 1e-12);
            assertEquals(0.5, split.f1(), 1e-12);
            assertEquals(2.0 / 3, split.yesRatio(), 1e-12);

            PopeAnswers.Written w = PopeAnswers.write(p, tmp.resolve("answers"));
            assertEquals(new PopeAnswers.Written(1, 3, 0), w);
            List<String> lines = Files.readAllLines(tmp.resolve("answers/pope_answers.jsonl"));
            assertEquals(3, lines.size());
            JsonObject second = JsonParser.parseString(lines.get(1)).getAsJsonObject();
            assertEquals("2", second.get("question_id").getAsString(), "in the question file's order");
            assertEquals("Yes, there is.", second.get("answer").getAsString(), "POPE's evaluate.py reads answer");
            assertEquals("Yes, there is.", second.get("text").getAsString(), "LLaVA's eval_pope.py reads text");
        }
    }

    @Test
    void aSplitWithUnansweredQuestionsIsNotWritten() throws Exception {
        try (AnnotationProject p = ExportFixture.create(tmp)) {
            assertEquals(new PopeAnswers.Written(0, 0, 1), PopeAnswers.write(p, tmp.resolve("answers")));
            assertEquals(1, PopeMetrics.of(p).splits().get(0).answered(), "only pope-1 has an answer");
        }
    }
}
