package org.llavalens.analysis.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llavalens.analysis.DemoProject;
import org.llavalens.analysis.experiment.CaseMeasures.EncodedPrompt;
import org.llavalens.analysis.experiment.ColorQaPrompts.Setting;
import org.llavalens.annotation.AnnotationProject;
import org.llavalens.attribution.HeadId;
import org.llavalens.demo.DemoVocabulary;
import org.llavalens.demo.PlantedHeads;
import org.llavalens.runtime.model.LoadedModel;
import org.llavalens.runtime.model.ModelLoader;

/**
 * The color experiment on the demo LLaVA and its Vicuna counterpart, with the paper's literal prompts:
 * every prompt a model received is the literal sentence of its setting, token by token; the planted
 * color head is the first head in LLaVA visual QA and shared by the top-10 lists; the figures table
 * has a row per quantity with the paper's value; prompts.csv has a row per case and setting.
 */
class ColorQaExperimentTest {

    private static final HeadId COLOR = new HeadId(PlantedHeads.COLOR.layer(), PlantedHeads.COLOR.head());

    @Test
    void theDemoModelsRunTheLiteralSettingsAndWriteEveryFigure(@TempDir Path dir) throws Exception {
        DemoProject demo = DemoProject.generate(dir.resolve("demo"), 2, true);
        List<ColorQaCase> cases;
        try (AnnotationProject p = demo.project(dir.resolve("p"), true)) {
            ColorQaCases.Loaded loaded = ColorQaCases.fromProject(p, 5);
            assertTrue(loaded.skipped().isEmpty(), loaded.skipped().toString());
            cases = loaded.cases();
        }
        int animals = demo.sceneList.stream().mapToInt(s -> s.animals().size()).sum();
        assertEquals(animals, cases.size());
        ColorQaResult r;
        try (LoadedModel llava = ModelLoader.load(demo.llava); LoadedModel vicuna = ModelLoader.load(demo.vicuna)) {
            List<Double> seconds = new ArrayList<>();
            r = ColorQaRun.run(new ColorQaExperiment(llava, vicuna, new ColorQaExperiment.Options(10, 20,
                    HeadChoice.TOP_K, ColorQaPrompts.Form.LITERAL, 5)), cases, m -> seconds.add(m.seconds()), null);
            assertEquals(cases.size(), seconds.size());
        }
        assertTrue(r.failures().isEmpty(), r.failures().toString());
        for (CaseMeasures m : r.cases()) {
            ColorQaCase c = cases.stream().filter(x -> x.id().equals(m.caseId())).findFirst().orElseThrow();
            checkLiteralPrompts(c, m.prompts());
        }
        System.out.println("colour experiment on the demo models: " + summary(r));
        assertEquals(COLOR, r.top(ColorQaResult.LLAVA_VQA).get(0), "visual QA ranks the planted colour head first");
        assertTrue(r.overlap(ColorQaResult.LLAVA_TQA, ColorQaResult.LLAVA_VQA).size() >= 1, summary(r));
        for (CaseMeasures m : r.cases()) {
            assertEquals(1.0, m.get(Measure.VQA_CORRECT), m.caseId());
            assertTrue(m.get(Measure.VQA_ATTENTION_TOP) > m.get(Measure.VQA_ATTENTION_TOP_SWAPPED), m.caseId());
        }

        Path out = dir.resolve("out");
        Map<String, Path> files = ColorQaReport.write(r, "colour experiment", out);
        for (String f : List.of("figures.csv", "prompts.csv", "cases.csv", "heads.csv", "top_heads.csv", "overlap.csv",
                "heads_vicuna_tqa.png", "heads_llava_tqa.png", "heads_llava_vqa.png", "report.html")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        assertTrue(files.containsKey("report"));
        Path plain = Files.writeString(out.resolve("plain.txt"), "x");
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(out.resolve("figures.csv")),
                "the atomic write keeps the permissions any other file of the user gets");
        List<String> prompts = Files.readAllLines(out.resolve("prompts.csv"), StandardCharsets.UTF_8);
        // S0, S1, S2 in Vicuna, S0 in LLaVA, visual QA and its swap
        assertEquals(1 + 6 * cases.size(), prompts.size());
        assertTrue(prompts.stream().anyMatch(l -> l.contains(",S1,vicuna,literal,")), prompts.get(1));
        List<String> figures = Files.readAllLines(out.resolve("figures.csv"), StandardCharsets.UTF_8);
        assertEquals("name,ours,paper,cases,meaning", figures.get(0));
        for (Measure m : Measure.values()) {
            String row = figures.stream().filter(l -> l.startsWith(m.id() + ",")).findFirst().orElseThrow();
            assertTrue(row.contains("," + cases.size() + ","), row);
        }
        assertTrue(figures.stream().anyMatch(l -> l.startsWith("tqa_value_logit_diff,") && l.contains(",2.56000,")),
                "the paper's value stands beside ours");
        assertTrue(figures.stream().anyMatch(l -> l.startsWith("s34_overlap_vicuna_tqa_llava_tqa,")));
        assertTrue(figures.stream().anyMatch(l -> l.startsWith("s34_in_top20_llava_tqa_llava_vqa,")));
        String html = Files.readString(out.resolve("report.html"), StandardCharsets.UTF_8);
        assertTrue(html.contains("data:image/png;base64,"), "figures are embedded");
        assertTrue(html.contains("Ours beside the paper"), "the comparison table is in the report");
        assertTrue(html.contains("seed: 5") && html.contains("top-k heads") && html.contains(ColorQaResult.NORMALISATION));
    }

    /** The literal sentences of method.md §5, spelt out here, not taken from the templates. */
    private static void checkLiteralPrompts(ColorQaCase c, List<EncodedPrompt> prompts) {
        String a = c.animal();
        String a1 = c.otherAnimal();
        String col = c.color();
        Map<Setting, String> expected = Map.of(
                Setting.S0, a + " is " + col + ". Q: What is the color of " + a + "? A:",
                Setting.S1, a1 + " is " + col + ". Q: What is the color of " + a + "? A:",
                Setting.S2, a + " is " + col + ". Q: What is the color of " + a1 + "? A:",
                Setting.VQA, "<image>\nQ: What is the color of " + a + "? A:",
                Setting.VQA_SWAP, "<image>\nQ: What is the color of " + a1 + "? A:");
        for (EncodedPrompt p : prompts) {
            Setting s = p.prompt().setting();
            assertEquals(expected.get(s), p.prompt().text(), c.id() + " " + s);
            String contextAnimal = s == Setting.S1 ? a1 : a;
            String askedAnimal = s == Setting.S2 || s == Setting.VQA_SWAP ? a1 : a;
            List<Integer> ids = new ArrayList<>(List.of(DemoVocabulary.bosId()));
            if (s.visual()) {
                ids.addAll(List.of(DemoVocabulary.imageId(), DemoVocabulary.id("\n")));
            } else {
                ids.addAll(List.of(id(contextAnimal), id("is"), id(col), id(".")));
            }
            // "Q" and "A" are not words of the demo vocabulary: its tokenizer reads them as <unk>
            ids.addAll(List.of(DemoVocabulary.unkId(), id(":"), id("What"), id("is"), id("the"), id("color"), id("of"),
                    id(askedAnimal), id("?"), DemoVocabulary.unkId(), id(":")));
            assertArrayEquals(ids.stream().mapToInt(Integer::intValue).toArray(), p.ids(), c.id() + " " + s);
        }
        assertEquals(List.of("vicuna S0", "vicuna S1", "vicuna S2", "llava S0", "llava VQA", "llava VQA_SWAP"),
                IntStream.range(0, prompts.size()).mapToObj(i -> prompts.get(i).model() + " "
                        + prompts.get(i).prompt().setting()).toList());
    }

    private static int id(String word) {
        return DemoVocabulary.id(word);
    }

    private static String summary(ColorQaResult r) {
        StringBuilder b = new StringBuilder();
        for (ColorQaFigures.Figure f : ColorQaFigures.of(r)) {
            b.append(String.format(java.util.Locale.ROOT, "%s=%.4f ", f.name(), f.ours()));
        }
        return b.toString();
    }
}
