package org.llavalens.attribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.llavalens.attribution.report.TokenTableChoices;
import org.llavalens.attribution.report.MethodSelection;
import org.llavalens.attribution.report.AttributionSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llavalens.attribution.fixture.Crops;
import org.llavalens.attribution.fixture.Fixture;
import org.llavalens.attribution.fixture.FixtureTrace;
import org.llavalens.attribution.method.MethodRegistry;
import org.llavalens.attribution.projection.EmbeddingProjection;
import org.llavalens.attribution.projection.LogitLens;
import org.llavalens.attribution.projection.StreamVectors;
import org.llavalens.attribution.projection.TokenScore;
import org.llavalens.attribution.projection.TopK;
import org.llavalens.attribution.render.HeatmapStyle;
import org.llavalens.attribution.report.CaseAnalysis;
import org.llavalens.attribution.report.ReportWriter;
import org.llavalens.attribution.report.TablePosition;
import org.llavalens.attribution.report.TokenTables;
import org.llavalens.attribution.result.AttributionRecord;
import org.llavalens.attribution.result.ResultJson;
import org.llavalens.attribution.result.TokenRow;
import org.llavalens.runtime.trace.ForwardTrace;
import org.llavalens.runtime.trace.ImageSpan;
import org.llavalens.runtime.trace.RowMatrix;

/** The token-table options of {@code analyze}: cosine embedding tables, and tables of positions besides the last. */
class TableOptionsTest {

    private final ForwardTrace trace = new FixtureTrace(Fixture.load("a"));

    @Test
    void cosineScoresAreDotScoresDividedByTheNorms() {
        float[][] patches = trace.imageFeatures().orElseThrow();
        RowMatrix e = trace.embedding();
        EmbeddingProjection p = new EmbeddingProjection(e);
        double[][] dot = p.scores(patches, Similarity.DOT);
        double[][] cos = p.scores(patches, Similarity.COSINE);
        for (int i = 0; i < patches.length; i++) {
            double vn = norm(patches[i]);
            for (int r = 0; r < e.rows(); r++) {
                double back = cos[i][r] * norm(e.row(r)) * vn;
                assertEquals(dot[i][r], back, 1e-5 * Math.max(1e-6, Math.abs(dot[i][r])), "patch " + i + " row " + r);
            }
        }
    }

    @Test
    void theCosineTableRanksAsADirectComputation() {
        float[][] patches = trace.imageFeatures().orElseThrow();
        RowMatrix e = trace.embedding();
        Map<String, List<TokenRow>> tables = TokenTables.compute(trace, FrozenNormUnembedding.of(trace), List.of(), 5,
                Similarity.COSINE, id -> "#" + id);
        List<TokenRow> table = tables.get(TokenTables.EMBED_PROJ);
        for (int i = 0; i < patches.length; i++) {
            double[] direct = new double[e.rows()];
            for (int r = 0; r < direct.length; r++) {
                float[] row = e.row(r);
                double d = 0;
                for (int c = 0; c < row.length; c++) {
                    d += (double) row[c] * patches[i][c];
                }
                direct[r] = d / (norm(row) * norm(patches[i]));
            }
            List<Integer> order = new ArrayList<>();
            for (int r = 0; r < direct.length; r++) {
                order.add(r);
            }
            order.sort(Comparator.<Integer>comparingDouble(r -> -direct[r]).thenComparing(r -> r));
            String name = "patch " + i;
            List<TokenRow> rows = table.stream().filter(t -> t.vector().equals(name)).toList();
            assertEquals(5, rows.size());
            for (int k = 0; k < 5; k++) {
                assertEquals(order.get(k), rows.get(k).id(), name + " rank " + (k + 1));
                assertEquals(direct[order.get(k)], rows.get(k).score(), 1e-5, name + " rank " + (k + 1));
            }
        }
    }

    @Test
    void aPositionTableAtTheLastPositionIsTheLastPositionTable() {
        int t = trace.sequenceLength() - 1;
        FrozenNormUnembedding u = FrozenNormUnembedding.of(trace);
        Map<String, List<TokenRow>> tables = TokenTables.compute(trace, u, List.of(), 5, Similarity.DOT,
                List.of(new TablePosition.Resolved(Integer.toString(t), t)), List.of(), id -> "#" + id);
        List<TokenRow> last = tables.get(TokenTables.LOGIT_LENS);
        List<TokenRow> atT = tables.get(TokenTables.positionTable(TokenTables.LOGIT_LENS, t));
        assertEquals(last.size(), atT.size());
        for (int i = 0; i < last.size(); i++) {
            assertEquals(last.get(i).vector().replace("_T", "_" + t), atT.get(i).vector());
            assertEquals(last.get(i).rank(), atT.get(i).rank());
            assertEquals(last.get(i).id(), atT.get(i).id());
            assertEquals(last.get(i).score(), atT.get(i).score(), 0.0);
        }
        // the written parts: row l - 1 reads sum_(k<l) a^k_T, the same vector the per-layer sum gives
        LogitLens lens = new LogitLens(u);
        int layers = trace.model().numLayers();
        List<TokenRow> attn = tables.get(TokenTables.positionTable(TokenTables.ATTN_WRITTEN, t));
        List<TokenRow> mlp = tables.get(TokenTables.positionTable(TokenTables.MLP_WRITTEN, t));
        assertEquals(layers * 5, attn.size());
        assertEquals(layers * 5, mlp.size());
        for (int l = 1; l <= layers; l++) {
            String a = "sum_(k<" + l + ") a^k_" + t;
            String f = "sum_(k<" + l + ") f^k_" + t;
            assertArrayEquals(TopK.ids(lens.topK(StreamVectors.attentionWritten(trace, l, t), 5)),
                    attn.stream().filter(r -> r.vector().equals(a)).mapToInt(TokenRow::id).toArray(), a);
            assertArrayEquals(TopK.ids(lens.topK(StreamVectors.mlpWritten(trace, l, t), 5)),
                    mlp.stream().filter(r -> r.vector().equals(f)).mapToInt(TokenRow::id).toArray(), f);
        }
    }

    /** The workbench asks for one position's tables, or another similarity, through these: the same rows as compute. */
    @Test
    void theSinglePositionAndEmbeddingTablesAreWhatComputeWrites() {
        int t = trace.sequenceLength() - 1;
        FrozenNormUnembedding u = FrozenNormUnembedding.of(trace);
        for (Similarity similarity : Similarity.values()) {
            Map<String, List<TokenRow>> all = TokenTables.compute(trace, u, List.of(), 5, similarity,
                    List.of(new TablePosition.Resolved(Integer.toString(t), t)), List.of(), id -> "#" + id);
            assertEquals(all.get(TokenTables.EMBED_PROJ), TokenTables.embedding(trace, 5, similarity, id -> "#" + id),
                    similarity.toString());
            Map<String, List<TokenRow>> one = TokenTables.position(trace, u, t, 5, id -> "#" + id);
            assertEquals(3, one.size());
            one.forEach((name, rows) -> assertEquals(all.get(name), rows, name));
        }
    }

    @Test
    void positionsNameSequenceIndicesPatchesAndTextTokens() {
        ImageSpan span = trace.imageSpan().orElseThrow();
        int length = trace.sequenceLength();
        List<TablePosition> ps = TablePosition.parseList("patch:0, patch:5,3,text:0,text:" + span.start());
        assertEquals(span.patchPosition(0), ps.get(0).resolve(length, trace.imageSpan()));
        assertEquals(span.patchPosition(5), ps.get(1).resolve(length, trace.imageSpan()));
        assertEquals(3, ps.get(2).resolve(length, trace.imageSpan()));
        assertEquals(0, ps.get(3).resolve(length, trace.imageSpan()));
        assertEquals(span.end(), ps.get(4).resolve(length, trace.imageSpan()), "the first text position after the image");
        assertEquals(List.of(), TablePosition.parseList(" "));
        assertEquals(2, TablePosition.resolveAll(TablePosition.parseList("patch:0," + span.patchPosition(0) + ",0"),
                length, trace.imageSpan()).size(), "a position named twice gets one table");
        assertEquals("patch:5=" + span.patchPosition(5),
                TablePosition.resolveAll(List.of(ps.get(1)), length, trace.imageSpan()).get(0).toString());
    }

    @Test
    void badPositionsAreNamedInTheMessage() {
        for (String bad : List.of("x", "patch:", "patch:-1", "-2", "pixel:3", "1.5", "99999999999")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TablePosition.parseList(bad));
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> TablePosition.parseList("1,,2"));
        int length = trace.sequenceLength();
        Optional<ImageSpan> image = trace.imageSpan();
        TablePosition past = TablePosition.parse(Integer.toString(length));
        assertTrue(assertThrows(TablePosition.OutOfSequence.class, () -> past.resolve(length, image)).getMessage()
                .contains("'" + length + "'"));
        TablePosition patch = TablePosition.parse("patch:16");
        assertTrue(assertThrows(TablePosition.OutOfSequence.class, () -> patch.resolve(length, image)).getMessage()
                .contains("16 patches"));
        TablePosition textOnly = TablePosition.parse("patch:0");
        assertTrue(assertThrows(TablePosition.OutOfSequence.class, () -> textOnly.resolve(length, Optional.empty()))
                .getMessage().contains("text-only"));
        TablePosition text = TablePosition.parse("text:" + (length - 16));
        assertThrows(TablePosition.OutOfSequence.class, () -> text.resolve(length, image));
        assertEquals(Similarity.COSINE, Similarity.parse("Cosine"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Similarity.parse("euclid")).getMessage()
                .contains("'euclid'"));
    }

    @Test
    void theRecordAndTheReportSayHowTheTablesWereRead(@TempDir Path dir) throws Exception {
        int t = trace.sequenceLength() - 1;
        AttributionSettings options = tables(new TokenTableChoices(2, Similarity.COSINE,
                TablePosition.parseList(Integer.toString(t)), List.of()));
        AttributionRecord rec = CaseAnalysis.run(trace, null, TargetSelector.idsOnly(),
                new CaseAnalysis.CaseInput("p", "sha256:x", Crops.identity(56)), options, MethodRegistry.fromPlatform(),
                null);
        ReportWriter.Written w = ReportWriter.write(rec, null, null, 5, dir);
        AttributionRecord back = ResultJson.read(w.json());
        assertEquals("cosine", back.display().tables().similarity().id());
        assertEquals(Integer.toString(t), back.display().tables().positions());
        for (String kind : List.of(TokenTables.LOGIT_LENS, TokenTables.ATTN_WRITTEN, TokenTables.MLP_WRITTEN)) {
            assertTrue(Files.isRegularFile(dir.resolve("tokens_" + kind + "_pos" + t + ".csv")), kind);
        }
        String html = Files.readString(w.html());
        assertTrue(html.contains("cosine similarity with embed_tokens"), "the embedding table says how it scored");
        assertTrue(html.contains("Tokens: attn written pos" + t), "the position tables are in the report");
        List<TokenScore> cosTop = new EmbeddingProjection(trace.embedding())
                .topK(new float[][] { trace.imageFeatures().orElseThrow()[0] }, 5, Similarity.COSINE).get(0);
        assertArrayEquals(TopK.ids(cosTop), back.tokenTables().get(TokenTables.EMBED_PROJ).stream()
                .filter(r -> r.vector().equals("patch 0")).mapToInt(TokenRow::id).toArray());
        AttributionSettings outside = tables(new TokenTableChoices(2, Similarity.DOT,
                TablePosition.parseList("patch:99"), List.of()));
        assertThrows(TablePosition.OutOfSequence.class, () -> CaseAnalysis.run(trace, null, TargetSelector.idsOnly(),
                new CaseAnalysis.CaseInput("p", null, null), outside, MethodRegistry.fromPlatform(), null));
        assertFalse(ResultJson.read(ReportWriter.write(CaseAnalysis.run(trace, null, TargetSelector.idsOnly(),
                new CaseAnalysis.CaseInput("p", null, null), AttributionSettings.defaults(), MethodRegistry.fromPlatform(),
                null), null, null, 5, dir.resolve("plain")).json()).display().tables().positionsText().isPresent());
    }

    @Test
    void theRankTableOfATokenGivesItsMrrOverTheLayers(@TempDir Path dir) throws Exception {
        int layers = trace.model().numLayers();
        float[][] xs = new float[layers + 1][];
        for (int l = 0; l < layers; l++) {
            xs[l] = trace.layerInput(l);
        }
        xs[layers] = trace.finalResidual();
        LogitLens lens = new LogitLens(FrozenNormUnembedding.of(trace));
        AttributionSettings options = tables(new TokenTableChoices(2, Similarity.DOT, List.of(),
                List.of("132", "40")));
        AttributionRecord rec = CaseAnalysis.run(trace, null, TargetSelector.idsOnly(),
                new CaseAnalysis.CaseInput("p", null, null), options, MethodRegistry.fromPlatform(), null);
        for (int id : new int[] { 132, 40 }) {
            List<TokenRow> table = rec.tokenTables().get(TokenTables.rankTable(id));
            assertArrayEquals(lens.ranks(xs, id), table.stream().mapToInt(TokenRow::rank).toArray());
            float[][] logits = FrozenNormUnembedding.of(trace).logits(xs);
            for (int l = 0; l <= layers; l++) {
                assertEquals("x^" + l + "_T", table.get(l).vector());
                assertEquals(logits[l][id], table.get(l).score(), 0.0);
            }
            assertEquals(lens.meanReciprocalRank(xs, id), rec.display().tables().meanReciprocalRanks().get(id), 1e-12);
        }
        assertEquals(1, rec.tokenTables().get(TokenTables.rankTable(132)).get(layers).rank(), "x^L_T predicts b");
        double[] m = TokenTables.logitMinus(rec.tokenTables().get(TokenTables.rankTable(132)),
                rec.tokenTables().get(TokenTables.rankTable(40)));
        for (int l = 0; l <= layers; l++) {
            double want = lens.logitMinus(xs[l], 132, 40);
            assertEquals(want, m[l], 1e-5 * Math.max(1, Math.abs(want)), "M at x^" + l + "_T");
        }
        String html = Files.readString(ReportWriter.write(rec, null, null, 5, dir).html());
        assertTrue(html.contains("MRR over the " + (layers + 1) + " vectors: "), "the report gives the MRR");
        assertTrue(html.contains("<h2>Logit minus: <q>#132</q> vs <q>#40</q></h2>"), "and the logit minus of the pair");
        assertFalse(html.contains("<th class=l>" + 302 + "</th>"), "a rank table is not a top-k table");
        AttributionSettings word = tables(new TokenTableChoices(2, Similarity.DOT, List.of(), List.of("purple")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CaseAnalysis.run(trace, null,
                TargetSelector.idsOnly(), new CaseAnalysis.CaseInput("p", null, null), word, MethodRegistry.fromPlatform(),
                null));
        assertTrue(e.getMessage().contains("'purple'"), e.getMessage());
    }

    private static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        return Math.sqrt(s);
    }

    /** The log-probability increase with the top head's map and these token tables. */
    private static AttributionSettings tables(TokenTableChoices tables) {
        return new AttributionSettings(MethodSelection.of(List.of("logprob-increase")), HeadAggregation.TOP1,
                HeatmapStyle.DEFAULT, tables);
    }
}
