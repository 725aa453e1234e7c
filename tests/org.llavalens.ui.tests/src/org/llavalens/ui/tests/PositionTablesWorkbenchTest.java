package org.llavalens.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.llavalens.ui.tests.DemoWorkbench.session;
import static org.llavalens.ui.tests.DemoWorkbench.view;
import static org.llavalens.ui.tests.DemoWorkbench.waitForJobs;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import org.eclipse.jface.viewers.StructuredSelection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.llavalens.analysis.Words;
import org.llavalens.analysis.explain.PositionTables;
import org.llavalens.attribution.FrozenNormUnembedding;
import org.llavalens.attribution.Similarity;
import org.llavalens.attribution.projection.EmbeddingProjection;
import org.llavalens.attribution.projection.TokenScore;
import org.llavalens.attribution.projection.TopK;
import org.llavalens.attribution.report.TokenTables;
import org.llavalens.attribution.result.TokenRow;
import org.llavalens.runtime.trace.ForwardTrace;
import org.llavalens.ui.jobs.AnalysisSettings;
import org.llavalens.ui.prefs.LensPreferences;
import org.llavalens.ui.session.LensSession;
import org.llavalens.ui.views.TextPositionsView;
import org.llavalens.ui.views.TextPositionsView.PositionRow;
import org.llavalens.ui.views.TokenTablesView;

/**
 * Token tables of a position picked in Text Positions, and the embedding-space table by cosine, on
 * a demo project: what the Token Tables view shows is checked against the attribution API run
 * directly on the same trace (exact equality of token ids and scores).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PositionTablesWorkbenchTest {

    private static final List<String> KINDS = List.of(TokenTables.LOGIT_LENS, TokenTables.ATTN_WRITTEN,
            TokenTables.MLP_WRITTEN);

    private static TextPositionsView positions;
    private static TokenTablesView tables;
    /** The last sequence position, whose logit lens the analysis tabled. */
    private static int last;

    @BeforeAll
    static void analysedDemoCase() throws Exception {
        DemoWorkbench.analyseFirstCase("demo-positions-project");
        positions = view(TextPositionsView.ID);
        tables = view(TokenTablesView.ID);
        last = session().result().main().provenance().inputIds().length - 1;
    }

    private static IntFunction<String> words(LensSession s) {
        return Words.selector(DemoWorkbench.Reference.llava())::text;
    }

    /** Selects the Text Positions row of position j, as a click does, and waits for its tables. */
    private static PositionTables select(int j) throws InterruptedException {
        LensSession s = session();
        PositionRow row = UiTestSupport.onUi(() -> positions.table().shownRows()).stream()
                .filter(r -> r.position() == j).findFirst().orElseThrow();
        UiTestSupport.onUi(() -> positions.table().viewer().setSelection(new StructuredSelection(row), true));
        waitForJobs();
        assertTrue(DemoWorkbench.waitFor(() -> s.positionDetails() != null && s.positionDetails().position() == j),
                "the tables of position " + j + " did not arrive");
        UiTestSupport.settle(200);
        return s.positionDetails();
    }

    private static List<TokenRow> shown(String name) {
        return UiTestSupport.onUi(() -> {
            tables.show(name);
            return tables.table().shownRows();
        });
    }

    @Test
    @Order(1)
    void aSelectedTextPositionFillsTheTokenTablesWithTheEnginesTables() throws Exception {
        LensSession s = session();
        int j = UiTestSupport.onUi(() -> positions.table().shownRows()).stream().mapToInt(PositionRow::position)
                .filter(p -> p >= 0 && p < last).max().orElseThrow();

        select(j);
        assertTrue(UiTestSupport.onUi(() -> tables.table().viewer().getTable().isVisible()),
                "Token Tables is hidden behind Text Positions: a click there would fill an unseen view");
        ForwardTrace trace = DemoWorkbench.Reference.trace(s.result());
        Map<String, List<TokenRow>> direct = TokenTables.position(trace, FrozenNormUnembedding.of(trace), j, 5,
                words(s));
        String token = TextPositionsView.visible(s.result().token(j));
        assertEquals("Showing position " + j + " (text: '" + token + "')", UiTestSupport.onUi(tables::showingText));
        assertEquals(TokenTablesView.positionName(s.positionDetails(), TokenTables.LOGIT_LENS),
                UiTestSupport.onUi(tables::shownTable),
                "the view did not turn to the clicked position's logit lens");
        UiTestSupport.screenshot(UiTestSupport.onUi(() -> tables.table().viewer().getTable().getParent().getParent()),
                "view-token-tables-text-position");
        UiTestSupport.screenshot(UiTestSupport.onUi(() -> positions.table().viewer().getTable().getParent().getParent()),
                "view-text-positions-selected");
        for (String kind : KINDS) {
            List<TokenRow> want = direct.get(TokenTables.positionTable(kind, j));
            List<TokenRow> got = shown(TokenTablesView.positionName(s.positionDetails(), kind));
            assertFalse(want.isEmpty(), kind + " of position " + j + " is empty");
            assertEquals(want.size(), got.size(), kind);
            assertEquals(new HashSet<>(want), new HashSet<>(got), kind + " of position " + j);
        }
    }

    @Test
    @Order(2)
    void theLastPositionsTableIsTheAnalysisLogitLens() throws Exception {
        LensSession s = session();
        PositionTables d = select(last);
        List<TokenRow> lens = s.result().main().tokenTables().get(TokenTables.LOGIT_LENS);
        List<TokenRow> mine = d.tables().get(TokenTables.positionTable(TokenTables.LOGIT_LENS, last));
        assertEquals(lens.size(), mine.size());
        for (int i = 0; i < lens.size(); i++) {
            assertEquals(lens.get(i).rank(), mine.get(i).rank(), "row " + i);
            assertEquals(lens.get(i).id(), mine.get(i).id(), "token of row " + i + " (" + lens.get(i).vector() + ")");
            assertEquals(lens.get(i).score(), mine.get(i).score(), 0, "score of row " + i + " (" + lens.get(i).vector() + ")");
        }
        List<TokenRow> got = shown(TokenTablesView.positionName(d, TokenTables.LOGIT_LENS));
        assertEquals(new HashSet<>(mine), new HashSet<>(got));
        assertTrue(UiTestSupport.onUi(tables::showingText).startsWith("Showing position " + last + " (text: '"));
    }

    @Test
    @Order(3)
    void cosineSwitchesTheEmbeddingTableToTheEnginesCosineTable() throws Exception {
        LensSession s = session();
        assertEquals("dot", LensPreferences.store().getDefaultString(LensPreferences.SIMILARITY));
        assertEquals(Similarity.DOT, UiTestSupport.onUi(tables::similarity));
        List<TokenRow> dot = shown(TokenTablesView.EMBEDDING);
        assertEquals(new HashSet<>(s.result().main().tokenTables().get(TokenTables.EMBED_PROJ)), new HashSet<>(dot),
                "Dot shows the analysis's own table");

        UiTestSupport.onUi(() -> tables.setSimilarity(Similarity.COSINE));
        waitForJobs();
        assertTrue(DemoWorkbench.waitFor(() -> s.embeddingTable() != null), "the cosine table did not arrive");
        UiTestSupport.settle(200);
        List<TokenRow> cosine = shown(TokenTablesView.EMBEDDING);
        ForwardTrace trace = DemoWorkbench.Reference.trace(s.result());
        float[][] features = trace.imageFeatures().orElseThrow();
        List<List<TokenScore>> want = new EmbeddingProjection(trace.embedding()).topK(features, 5,
                Similarity.COSINE);
        List<TokenRow> sorted = cosine.stream().sorted(Comparator.comparingInt((TokenRow r) -> patch(r))
                .thenComparingInt(TokenRow::rank)).toList();
        assertEquals(features.length * 5, sorted.size());
        for (int i = 0; i < sorted.size(); i++) {
            TokenScore w = want.get(i / 5).get(i % 5);
            assertEquals(w.id(), sorted.get(i).id(), "token of " + sorted.get(i).vector() + " rank " + sorted.get(i).rank());
            assertEquals(w.score(), sorted.get(i).score(), 0, "score of " + sorted.get(i).vector());
        }
        assertNotEquals(new HashSet<>(dot), new HashSet<>(cosine), "cosine did not change the table");
        assertTrue(UiTestSupport.onUi(tables::showingText).contains("cosine similarity"));
        UiTestSupport.screenshot(UiTestSupport.onUi(() -> tables.table().viewer().getTable().getParent().getParent()),
                "view-token-tables-cosine");

        UiTestSupport.onUi(() -> tables.setSimilarity(Similarity.DOT));
        assertEquals(new HashSet<>(dot), new HashSet<>(shown(TokenTablesView.EMBEDDING)),
                "back at Dot the analysis's table is shown again");
    }

    @Test
    @Order(4)
    void eachTextPositionShowsItsTopNextTokenOnlyWhenAsked() throws Exception {
        LensSession s = session();
        assertFalse(UiTestSupport.onUi(() -> AnalysisSettings.fromPreferences().analysis().capture().allLogits()),
                "every position's logits were captured before the view asked");
        assertNull(s.nextTokens(), "the predictions were computed before the view asked");
        assertTrue(UiTestSupport.onUi(() -> positions.table().shownRows()).stream().allMatch(r -> r.next().isEmpty()));

        UiTestSupport.onUi(() -> positions.showPredictions(true));
        waitForJobs();
        assertTrue(DemoWorkbench.waitFor(() -> s.nextTokens() != null), "the predictions did not arrive");
        UiTestSupport.settle(200);
        ForwardTrace trace = DemoWorkbench.Reference.trace(s.result());
        IntFunction<String> text = words(s);
        int checked = 0;
        for (PositionRow row : UiTestSupport.onUi(() -> positions.table().shownRows())) {
            if (row.position() >= 0) {
                int id = TopK.of(trace.logitsAt(row.position()), 1).get(0).id();
                assertEquals(TextPositionsView.visible(text.apply(id)), row.next(), "prediction after " + row.position());
                checked++;
            }
        }
        assertTrue(checked > 1, "no text rows to check");
        assertEquals(TopK.of(trace.logits(), 1).get(0).id(), s.nextTokens().ids()[last],
                "the last position's prediction is not the model's answer");
        assertEquals(last + 1, s.nextTokens().length());
        UiTestSupport.screenshot(UiTestSupport.onUi(() -> positions.table().viewer().getTable().getParent().getParent()),
                "view-text-positions-predictions");
    }

    private static int patch(TokenRow r) {
        return Integer.parseInt(r.vector().substring("patch ".length()));
    }
}
