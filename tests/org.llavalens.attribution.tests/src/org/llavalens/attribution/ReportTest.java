package org.llavalens.attribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.llavalens.attribution.report.TokenTableChoices;
import org.llavalens.attribution.report.MethodSelection;
import org.llavalens.attribution.report.AttributionSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llavalens.attribution.fixture.Fixture;
import org.llavalens.attribution.fixture.FixtureTrace;
import org.llavalens.attribution.method.MethodRegistry;
import org.llavalens.attribution.render.HeatmapStyle;
import org.llavalens.attribution.report.CaseAnalysis;
import org.llavalens.attribution.report.ReportWriter;
import org.llavalens.attribution.report.TokenTables;
import org.llavalens.attribution.result.AttributionRecord;
import org.llavalens.attribution.fixture.Crops;
import org.llavalens.attribution.result.ResultJson;
import org.llavalens.attribution.result.TokenRow;
import org.llavalens.runtime.trace.ForwardTrace;

class ReportTest {

    @Test
    void aCaseBecomesAFolderWithASelfContainedReport(@TempDir Path dir) throws Exception {
        Fixture f = Fixture.load("a");
        ForwardTrace trace = new FixtureTrace(f);
        AttributionSettings options = new AttributionSettings(
                MethodSelection.of(List.of("logprob-increase", "average-attention", "causal-ablation")),
                HeadAggregation.topK(2), HeatmapStyle.DEFAULT, TokenTableChoices.ofHeads(3));
        AttributionRecord rec = CaseAnalysis.run(trace, null, TargetSelector.idsOnly(),
                new CaseAnalysis.CaseInput("USER: <image>\nWhat?\nASSISTANT:", "sha256:x", Crops.identity(56)), options,
                MethodRegistry.fromPlatform(), null);
        BufferedImage crop = ImageIO.read(f.dir().resolve("image.png").toFile());
        ReportWriter.Written w = ReportWriter.write(rec, crop, "#132", 10, dir);

        for (String name : List.of("result.json", "report.html", "head_grid.png", "heatmap_logprob-increase.png",
                "heatmap_average-attention.png", "top_heads.csv", "layer_scores.csv", "tokens_logit_lens.csv",
                "tokens_embed_proj.csv", "tokens_head_outputs.csv")) {
            assertTrue(Files.isRegularFile(dir.resolve(name)), name);
        }
        String html = Files.readString(w.html());
        assertTrue(html.contains("src=\"data:image/png;base64,"), "images are embedded");
        assertFalse(html.matches("(?s).*src=\"(?!data:).*"), "no external references");
        assertTrue(html.contains("failed: causal ablation reruns the model"), "a failed method is shown, not hidden");

        // top_heads.csv ranks the heads as the reference head scores do
        double[] ref = f.doubles("head_scores");
        int best = 0;
        for (int i = 1; i < ref.length; i++) {
            best = ref[i] > ref[best] ? i : best;
        }
        String first = Files.readAllLines(dir.resolve("top_heads.csv")).get(1);
        assertTrue(first.startsWith("1," + (best / 4) + "_" + (best % 4) + ","), first);

        // the stored logit-lens table of x^L_T is the fixture's last logit_lens_top5 row
        AttributionRecord back = ResultJson.read(w.json());
        List<TokenRow> lens = back.tokenTables().get(TokenTables.LOGIT_LENS);
        int[] ids = lens.stream().filter(r -> r.vector().equals("x^4_T")).mapToInt(TokenRow::id).toArray();
        long[] want = f.longs("logit_lens_top5");
        assertArrayEquals(new int[] { (int) want[20], (int) want[21], (int) want[22], (int) want[23], (int) want[24] }, ids);
        assertEquals(16 * 5, back.tokenTables().get(TokenTables.EMBED_PROJ).size());
        assertEquals(17, Files.readAllLines(dir.resolve("image_scores_average-attention.csv")).size());
    }
}
