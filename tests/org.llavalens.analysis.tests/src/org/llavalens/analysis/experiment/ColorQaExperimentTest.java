package org.llavalens.analysis.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llavalens.analysis.DemoProject;
import org.llavalens.annotation.AnnotationProject;
import org.llavalens.attribution.HeadId;
import org.llavalens.demo.PlantedHeads;
import org.llavalens.runtime.model.LoadedModel;
import org.llavalens.runtime.model.ModelLoader;

/**
 * The colour experiment on the demo LLaVA and its Vicuna counterpart shows the planted mechanism: the
 * planted colour head is the first head in Vicuna text QA, LLaVA text QA and LLaVA visual QA and is
 * shared by every pair of top-10 lists; the colour position carries the text QA log increase; the
 * value outputs of the positions the head reads rank the right colour far above a random colour; and
 * the head looks away from those positions when the question names another animal of the picture.
 */
class ColorQaExperimentTest {

    private static final HeadId COLOUR = new HeadId(PlantedHeads.COLOUR.layer(), PlantedHeads.COLOUR.head());

    @Test
    void theDemoModelsShowThePlantedMechanism(@TempDir Path dir) throws Exception {
        DemoProject demo = DemoProject.generate(dir.resolve("demo"), 2, true);
        List<ColorQaCase> cases;
        try (AnnotationProject p = demo.project(dir.resolve("p"), true)) {
            ColorQaCases.Loaded loaded = ColorQaCases.fromProject(p);
            assertTrue(loaded.skipped().isEmpty(), loaded.skipped().toString());
            cases = loaded.cases();
        }
        int animals = demo.sceneList.stream().mapToInt(s -> s.animals().size()).sum();
        assertEquals(animals, cases.size());
        for (ColorQaCase c : cases) {
            // the other animal is asked about in another case on the same picture, so it is in it
            assertTrue(demo.sceneList.stream().anyMatch(s -> s.animals().stream().anyMatch(a -> a.species().word()
                    .equals(c.animal())) && s.animals().stream().anyMatch(a -> a.species().word().equals(c.otherAnimal()))));
        }
        ColorQaResult r;
        try (LoadedModel llava = ModelLoader.load(demo.llava); LoadedModel vicuna = ModelLoader.load(demo.vicuna)) {
            List<Double> seconds = new ArrayList<>();
            r = ColorQaRun.run(new ColorQaExperiment(llava, vicuna, ColorQaExperiment.Options.defaults()), cases,
                    m -> seconds.add(m.seconds()), null);
            assertEquals(cases.size(), seconds.size());
        }
        assertTrue(r.failures().isEmpty(), r.failures().toString());
        assertEquals(List.of(ColorQaResult.VICUNA_TQA, ColorQaResult.LLAVA_TQA, ColorQaResult.LLAVA_VQA),
                List.copyOf(r.settings()));
        for (String s : r.settings()) {
            assertEquals(COLOUR, r.top(s).get(0), s + " ranks the planted colour head first");
        }
        assertTrue(r.overlap(ColorQaResult.VICUNA_TQA, ColorQaResult.LLAVA_TQA).contains(COLOUR));
        assertTrue(r.overlap(ColorQaResult.LLAVA_TQA, ColorQaResult.LLAVA_VQA).contains(COLOUR));
        assertTrue(r.overlap(ColorQaResult.VICUNA_TQA, ColorQaResult.LLAVA_VQA).contains(COLOUR));
        for (CaseMeasures m : r.cases()) {
            String id = m.caseId();
            assertEquals(1.0, m.get("tqa_correct"), id);
            assertEquals(1.0, m.get("ltqa_correct"), id);
            assertEquals(1.0, m.get("vqa_correct"), id);
            assertTrue(m.get("tqa_colour_share_top1") > 0.99, id + " " + m.get("tqa_colour_share_top1"));
            // 20 positions hold all of a small animal's attention, and at least 20/46 of the largest one's
            assertTrue(m.get("vqa_attn_top_positions") > 0.4, id + " " + m.get("vqa_attn_top_positions"));
            assertTrue(m.get("vqa_attn_top_positions_other_question") < 0.01,
                    id + " " + m.get("vqa_attn_top_positions_other_question"));
        }
        System.out.println("colour experiment on the demo models: " + summary(r));
        // the planted head's value outputs name the colour; the other top heads are noise, so the top-k MRR is lower
        assertTrue(r.mean("vqa_value_mrr_colour") > 0.75, summary(r));
        assertTrue(r.mean("vqa_value_mrr_colour") > 5 * r.mean("vqa_value_mrr_random_colour"), summary(r));
        assertTrue(r.mean("tqa_value_rr_colour_top1") > 0.9, summary(r));
        assertTrue(r.mean("tqa_value_rr_colour_top1") > 5 * r.mean("tqa_value_rr_random_colour_top1"), summary(r));
        assertTrue(r.mean("tqa_value_mrr_colour") > 2 * r.mean("tqa_value_mrr_random_colour"), summary(r));
        assertTrue(r.mean("vqa_embed_mrr_colour") > r.mean("vqa_embed_mrr_colour_random_positions"), summary(r));

        Path out = dir.resolve("out");
        Map<String, Path> files = ColorQaReport.write(r, "colour experiment", out);
        for (String f : List.of("cases.csv", "summary.csv", "heads.csv", "top_heads.csv", "overlap.csv",
                "heads_vicuna_tqa.png", "heads_llava_tqa.png", "heads_llava_vqa.png", "report.html")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        assertTrue(files.containsKey("report"));
        List<String> caseRows = Files.readAllLines(out.resolve("cases.csv"), StandardCharsets.UTF_8);
        assertEquals(cases.size() + 1, caseRows.size());
        String html = Files.readString(out.resolve("report.html"), StandardCharsets.UTF_8);
        assertTrue(html.contains("data:image/png;base64,"), "figures are embedded");
        assertTrue(!html.contains("src=\"heads_"), "the report needs no other file");
        List<String> overlap = Files.readAllLines(out.resolve("overlap.csv"), StandardCharsets.UTF_8);
        assertEquals(4, overlap.size());
        overlap.subList(1, 4).forEach(line -> assertTrue(line.contains(COLOUR.toString()), line));
    }

    private static String summary(ColorQaResult r) {
        StringBuilder b = new StringBuilder();
        for (String n : r.measureNames()) {
            b.append(String.format(java.util.Locale.ROOT, "%s=%.4f ", n, r.mean(n)));
        }
        return b.toString();
    }
}
