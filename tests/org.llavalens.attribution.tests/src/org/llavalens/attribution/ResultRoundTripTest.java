package org.llavalens.attribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llavalens.attribution.fixture.Fixture;
import org.llavalens.attribution.fixture.FixtureTrace;
import org.llavalens.attribution.method.MethodContext;
import org.llavalens.attribution.method.MethodRegistry;
import org.llavalens.attribution.method.MethodRunner;
import org.llavalens.attribution.method.builtin.AverageAttentionMethod;
import org.llavalens.attribution.method.builtin.LogProbIncreaseMethod;
import org.llavalens.attribution.render.Colormap;
import org.llavalens.attribution.render.HeatmapStyle;
import org.llavalens.attribution.render.RecordRenderer;
import org.llavalens.attribution.result.AttributionRecord;
import org.llavalens.attribution.fixture.Crops;
import org.llavalens.attribution.result.MethodResult;
import org.llavalens.attribution.result.RecordBuilder;
import org.llavalens.attribution.result.ResultJson;
import org.llavalens.runtime.trace.ForwardTrace;

class ResultRoundTripTest {

    @Test
    void savedResultsLoadAndReplayTheSameHeatmap(@TempDir Path dir) throws IOException {
        Fixture f = Fixture.load("a");
        ForwardTrace trace = new FixtureTrace(f);
        TargetToken target = TargetSelector.idsOnly().argmax(trace);
        MethodContext ctx = new MethodContext(trace, target, MethodContext.Choices.ofHeads(HeadAggregation.parse("topK:2")), null);
        List<MethodResult> results = new MethodRunner(MethodRegistry.builtIns())
                .run(List.of(LogProbIncreaseMethod.ID, AverageAttentionMethod.ID), ctx, null);
        HeatmapStyle style = new HeatmapStyle(Colormap.VIRIDIS, ScoreNormalization.MIN_MAX, 0.5, true);
        AttributionRecord rec = RecordBuilder.build(trace,
                RecordBuilder.provenance(trace, "USER: <image>\nq\nASSISTANT:", "sha256:abc", Crops.identity(56)),
                target, style, HeadAggregation.parse("topK:2"), ctx.unembedding(), results, Map.of());
        BufferedImage crop = ImageIO.read(f.dir().resolve("image.png").toFile());
        BufferedImage before = RecordRenderer.heatmap(rec, LogProbIncreaseMethod.ID, crop);

        Path file = dir.resolve("result.json");
        ResultJson.write(rec, file);
        AttributionRecord back = ResultJson.read(file);

        assertEquals(rec.provenance().modelId(), back.provenance().modelId());
        assertEquals(rec.provenance().weightsHash(), back.provenance().weightsHash());
        assertArrayEquals(rec.provenance().inputIds(), back.provenance().inputIds());
        assertEquals(rec.provenance().crop(), back.provenance().crop());
        assertEquals(rec.target(), back.target());
        assertEquals(rec.display(), back.display());
        assertEquals(rec.unembedding(), back.unembedding());
        MethodResult a = rec.method(LogProbIncreaseMethod.ID).orElseThrow();
        MethodResult b = back.method(LogProbIncreaseMethod.ID).orElseThrow();
        assertEquals(a.settings(), b.settings());
        for (int l = 0; l < a.headScores().numLayers(); l++) {
            assertArrayEquals(a.headScores().layer(l), b.headScores().layer(l), 0, "doubles survive JSON exactly");
        }
        assertArrayEquals(a.imageScores().toArray(), b.imageScores().toArray(), 0);
        assertEquals(a.positionScores().keySet(), b.positionScores().keySet());
        assertArrayEquals(a.arrays().get("layer_mlp_scores").toArray(), b.arrays().get("layer_mlp_scores").toArray(), 0);

        BufferedImage after = RecordRenderer.heatmap(back, LogProbIncreaseMethod.ID, crop);
        assertArrayEquals(before.getRGB(0, 0, 56, 56, null, 0, 56), after.getRGB(0, 0, 56, 56, null, 0, 56));
    }

    @Test
    void somethingElseIsRefusedWithAClearMessage(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("x.json");
        Files.writeString(file, "{\"format\": 1}");
        IOException e = assertThrows(IOException.class, () -> ResultJson.read(file));
        assertEquals(true, e.getMessage().contains("not an attribution result"), e.getMessage());
    }
}
