package org.llavalens.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.llavalens.ui.tests.DemoWorkbench.pixels;
import static org.llavalens.ui.tests.DemoWorkbench.session;
import static org.llavalens.ui.tests.DemoWorkbench.view;
import static org.llavalens.ui.tests.DemoWorkbench.waitForJobs;

import java.util.List;
import java.util.stream.Collectors;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Event;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.llavalens.analysis.ProjectCases;
import org.llavalens.analysis.explain.CompareTarget;
import org.llavalens.analysis.explain.Comparison;
import org.llavalens.analysis.explain.HeadMap;
import org.llavalens.annotation.CaseSnapshot;
import org.llavalens.annotation.model.Case;
import org.llavalens.attribution.FrozenNormUnembedding;
import org.llavalens.attribution.HeadId;
import org.llavalens.attribution.HeadScores;
import org.llavalens.attribution.LogProbIncrease;
import org.llavalens.attribution.method.MethodIds;
import org.llavalens.attribution.projection.TopK;
import org.llavalens.runtime.model.LoadedModel;
import org.llavalens.runtime.text.PromptBuilder;
import org.llavalens.runtime.trace.CaptureSpec;
import org.llavalens.runtime.trace.ForwardTrace;
import org.llavalens.ui.jobs.CompareJob;
import org.llavalens.ui.session.CaseResult;
import org.llavalens.ui.session.HeadChoice;
import org.llavalens.ui.session.LensSession;
import org.llavalens.ui.views.CanvasView;
import org.llavalens.ui.views.CompareView;
import org.llavalens.ui.views.HeadGridView;
import org.llavalens.ui.views.canvas.CanvasLayers;

/**
 * The canvas's live head choice and the comparison with a shared target, on a demo project: the
 * maps the workbench shows are checked against the attribution engine run directly on the same
 * trace (identities, not printed numbers).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HeadChoiceWorkbenchTest {

    private static final String LOG_INCREASE = MethodIds.LOG_PROB_INCREASE;

    @BeforeAll
    static void analysedDemoCase() throws Exception {
        DemoWorkbench.analyseFirstCase("demo-heads-project");
    }

    /** The engine as the analysis runs it: head scores first, whose batch also gives the references. */
    private static LogProbIncrease engine(CaseResult r) {
        ForwardTrace t = DemoWorkbench.Reference.trace(r);
        LogProbIncrease engine = new LogProbIncrease(t, FrozenNormUnembedding.of(t), r.main().target().id());
        engine.headAndLayerScores();
        return engine;
    }

    private static HeadScores scores(CaseResult r) {
        return r.headMethod().orElseThrow().headScores();
    }

    /** Asserts {@code actual} is the element-wise sum of the heads' image maps, each from the engine alone. */
    private static void assertSumOfHeads(CaseResult r, List<HeadId> heads, double[] actual) {
        LogProbIncrease engine = engine(r);
        double[] want = null;
        for (HeadId h : heads) {
            double[] one = CanvasLayers.imagePart(r.main(), engine.positionScores(h));
            if (want == null) {
                want = new double[one.length];
            }
            for (int k = 0; k < one.length; k++) {
                want[k] += one[k];
            }
        }
        assertEquals(want.length, actual.length);
        for (int k = 0; k < want.length; k++) {
            assertEquals(want[k], actual[k], 1e-9 * Math.max(1e-12, Math.abs(want[k])), "patch " + k + " of " + heads);
        }
    }

    private static void choose(CanvasView canvas, HeadChoice c) throws InterruptedException {
        UiTestSupport.onUi(() -> canvas.layerPanel().aggregation().choose(c));
        waitForJobs();
    }

    private static List<String> labels(CanvasView canvas) {
        return UiTestSupport.onUi(() -> canvas.layerPanel().labels());
    }

    private static void click(HeadGridView grid, HeadId h, int stateMask) {
        Point cell = UiTestSupport.onUi(() -> grid.grid().cellCentre(h.layer(), h.head()));
        UiTestSupport.onUi(() -> {
            Event e = new Event();
            e.x = cell.x;
            e.y = cell.y;
            e.button = 1;
            e.stateMask = stateMask;
            grid.grid().notifyListeners(SWT.MouseDown, e);
        });
    }

    private static String names(List<HeadId> heads) {
        return heads.stream().map(HeadId::toString).collect(Collectors.joining(", "));
    }

    @Test
    @Order(1)
    void topKIsTheSumOfTheTopHeadsMapsAndRedrawsTheCanvas() throws Exception {
        LensSession s = session();
        CanvasView canvas = view(CanvasView.ID);
        CaseResult r = s.result();
        HeadScores scores = scores(r);
        HeadId top = scores.top(1).get(0);
        choose(canvas, HeadChoice.TOP1);
        assertNull(s.aggregatedMap(), "the analysis ran with top-1: its own map serves, nothing is recomputed");
        assertSumOfHeads(r, List.of(top), r.method(LOG_INCREASE).orElseThrow().imageScores().toArray());
        assertTrue(labels(canvas).contains("log increase, top-1: " + top), labels(canvas).toString());
        ImageData top1 = pixels(canvas.canvas());

        choose(canvas, HeadChoice.topK(3));
        HeadMap m = s.aggregatedMap();
        assertNotNull(m, "the top-3 map did not arrive");
        assertEquals(scores.top(3), m.heads());
        assertSumOfHeads(r, scores.top(3), m.image().orElseThrow().raw());
        assertTrue(labels(canvas).contains("log increase, top-3: " + names(scores.top(3))), labels(canvas).toString());
        assertEquals("Shown: log increase, top-3: " + names(scores.top(3)),
                UiTestSupport.onUi(() -> canvas.layerPanel().aggregation().legend()));
        ImageData top3 = pixels(canvas.canvas());
        int changed = DemoWorkbench.differing(top1, top3);
        assertTrue(changed > 0, "the canvas did not change from top-1 to top-3");
        System.out.println("top-1 -> top-3: " + changed + " canvas pixels changed");
        UiTestSupport.screenshot(UiTestSupport.onUi(() -> canvas.canvas().getParent().getParent()),
                "canvas-heads-top3");

        choose(canvas, HeadChoice.TOP1);
        assertTrue(labels(canvas).contains("log increase, top-1: " + top), labels(canvas).toString());
        assertEquals(0, DemoWorkbench.differing(top1, pixels(canvas.canvas())),
                "back at top-1 the canvas is not the analysis's map again");
    }

    @Test
    @Order(2)
    void ctrlClickSelectsSeveralHeadsWhoseMapsAreSummed() throws Exception {
        LensSession s = session();
        CanvasView canvas = view(CanvasView.ID);
        HeadGridView grid = view(HeadGridView.ID);
        CaseResult r = s.result();
        HeadScores scores = scores(r);
        HeadId a = scores.ranked().get(1);
        HeadId b = scores.ranked().get(4);
        try {
            click(grid, a, SWT.NONE);
            click(grid, b, SWT.MOD1);
            waitForJobs();
            assertEquals(List.of(a, b), List.copyOf(s.selectedHeads()));
            assertEquals(b, s.selectedHead(), "the token tables follow the last clicked head");
            double[] clicked = s.headPositions();
            assertNotNull(clicked, "the last clicked head's map did not arrive");
            double[] direct = engine(r).positionScores(b);
            for (int j = 0; j < direct.length; j++) {
                assertEquals(direct[j], clicked[j], 0, "position " + j + " of head " + b);
            }
            assertEquals(List.of(a, b), List.copyOf(UiTestSupport.onUi(() -> grid.grid().selectedHeads())));
            choose(canvas, HeadChoice.SELECTED);
            HeadMap m = s.aggregatedMap();
            assertNotNull(m, "the map of the selected heads did not arrive");
            assertEquals(List.of(a, b), m.heads());
            assertSumOfHeads(r, List.of(a, b), m.image().orElseThrow().raw());
            assertTrue(labels(canvas).contains("log increase, 2 selected heads: " + a + ", " + b),
                    labels(canvas).toString());
            UiTestSupport.screenshot(UiTestSupport.onUi(() -> grid.grid().getParent()), "head-grid-two-selected");
            UiTestSupport.screenshot(UiTestSupport.onUi(() -> canvas.canvas().getParent().getParent()),
                    "canvas-heads-selected");

            click(grid, b, SWT.MOD1);
            waitForJobs();
            assertEquals(List.of(a), List.copyOf(s.selectedHeads()), "Ctrl+click on a selected head removes it");
            assertEquals(List.of(a), s.aggregatedMap().heads());
            assertSumOfHeads(r, List.of(a), s.aggregatedMap().image().orElseThrow().raw());

            UiTestSupport.onUi(() -> {
                Event esc = new Event();
                esc.keyCode = SWT.ESC;
                grid.grid().notifyListeners(SWT.KeyDown, esc);
            });
            waitForJobs();
            assertTrue(s.selectedHeads().isEmpty(), "Esc did not clear the selection");
            assertNull(s.selectedHead());
            assertTrue(UiTestSupport.onUi(() -> grid.grid().selectedHeads()).isEmpty());
            String hint = UiTestSupport.onUi(canvas::statusText);
            assertTrue(hint.contains("Ctrl+click heads in the Head grid"), "no hint for an empty selection: " + hint);
        } finally {
            choose(canvas, HeadChoice.TOP1);
            UiTestSupport.onUi(() -> s.setHeadChoice(null));
        }
    }

    @Test
    @Order(3)
    void aSharedTargetIsExplainedByEveryPanel() throws Exception {
        LensSession s = session();
        CompareView compare = view(CompareView.ID);
        UiTestSupport.onUi(() -> compare.setTarget(CompareTarget.OWN));
        UiTestSupport.onUi(compare::runCompare);
        waitForJobs();
        Comparison own = s.compare();
        assertNotNull(own, "the own-answer comparison did not finish");
        UiTestSupport.onUi(() -> compare.setTarget(CompareTarget.LLAVA_VISUAL));
        UiTestSupport.onUi(compare::runCompare);
        waitForJobs();
        Comparison shared = s.compare();
        assertNotNull(shared, "the shared-target comparison did not finish");
        assertEquals(CompareTarget.LLAVA_VISUAL, shared.target());

        Comparison.Panel ownVisual = own.panels().get(2);
        Comparison.Panel sharedVisual = shared.panels().get(2);
        assertEquals(ownVisual.explainedId(), sharedVisual.explainedId(), "LLaVA's visual panel explains its own answer");
        assertEquals(1.0, sharedVisual.explainedRank());
        assertClose(ownVisual.headScores().raw(), sharedVisual.headScores().raw(), 1e-9, "LLaVA visual QA head scores");

        Case c = s.currentCase();
        String prompt = UiTestSupport.onUi(() -> PromptBuilder.vicuna(CaseSnapshot.of(c).attribute(ProjectCases.CONTEXT),
                c.getQuestion(), c.getAnswerPrefix()));
        LoadedModel vicuna = DemoWorkbench.Reference.vicuna();
        ForwardTrace vt = vicuna.forward(vicuna.prepare(vicuna.encode(prompt)), CaptureSpec.ATTRIBUTION,
                new NullProgressMonitor());
        Comparison.Panel v = shared.panels().get(0);
        assertEquals(sharedVisual.explained(), vicuna.tokenizer().orElseThrow().idToToken(v.explainedId()),
                "Vicuna explains the same word as LLaVA answered");
        double[][] direct = new LogProbIncrease(vt, FrozenNormUnembedding.of(vt), v.explainedId()).headAndLayerScores()
                .heads().raw();
        assertClose(direct, v.headScores().raw(), 1e-9, "Vicuna head scores for LLaVA's answer");
        assertEquals(TopK.rank(vt.logits(), v.explainedId()), (int) v.explainedRank());
        List<String> titles = UiTestSupport.onUi(compare::titles);
        assertTrue(titles.get(0).contains("explains '" + v.explained().replace('\u2581', ' ').strip() + "' (rank "),
                titles.get(0));
        assertTrue(UiTestSupport.onUi(compare::summaryText).contains("explaining LLaVA's visual answer"));
        UiTestSupport.screenshot(UiTestSupport.onUi(() -> compare.grids().get(0).getParent().getParent().getParent()),
                "view-compare-shared-target");

        UiTestSupport.onUi(compare::runDataset);
        waitForJobs();
        Comparison all = s.compare();
        assertNotNull(all, "the dataset comparison did not finish");
        assertEquals(CompareTarget.LLAVA_VISUAL, all.target());
        for (Comparison.Panel p : all.panels()) {
            assertEquals(-1, p.explainedId());
            assertTrue(p.explainedRank() >= 1, p.name() + ": mean rank " + p.explainedRank());
        }
        UiTestSupport.screenshot(UiTestSupport.onUi(() -> compare.grids().get(0).getParent().getParent().getParent()),
                "view-compare-dataset-shared-target");
    }

    @Test
    @Order(4)
    void anExpectedAnswerOutsideTheVocabularyIsReportedClearly() throws Exception {
        LensSession s = session();
        CompareView compare = view(CompareView.ID);
        Case unknown = UiTestSupport.onUi(() -> {
            Case k = EcoreUtil.copy(s.currentCase());
            k.setExpectedAnswer("purple");
            return k;
        });
        UiTestSupport.onUi(() -> new CompareJob(s, unknown, CompareTarget.EXPECTED).schedule());
        waitForJobs();
        UiTestSupport.settle(500);
        var dialogs = DemoWorkbench.dialogs(UiTestSupport.onUi(() -> compare.grids().get(0)));
        String texts = UiTestSupport.onUi(() -> dialogs.stream().map(DemoWorkbench::allText).reduce("", String::concat));
        if (!dialogs.isEmpty()) {
            UiTestSupport.screenshot(dialogs.get(0), "dialog-target-not-a-token");
        }
        UiTestSupport.onUi(() -> dialogs.forEach(org.eclipse.swt.widgets.Shell::close));
        assertTrue(texts.contains("'purple'") && texts.contains("is not a single token of the vocabulary"),
                "no dialog says the expected answer is not a token: " + texts);
        assertNull(s.compare(), "a failed comparison must not leave a result");
        String summary = UiTestSupport.onUi(compare::summaryText);
        assertTrue(summary.startsWith("The comparison failed: 'purple'"), summary);
    }

    @Test
    @Order(5)
    void aResultWithoutItsTraceRunsTheModelAgainForANewChoice() throws Exception {
        LensSession s = session();
        CanvasView canvas = view(CanvasView.ID);
        CaseResult r = s.result();
        // as a result read back from the project: no trace
        UiTestSupport.onUi(() -> s.putResult(r.withLive(null)));
        assertNull(s.result().live());
        try {
            choose(canvas, HeadChoice.topK(2));
            CaseResult again = s.result();
            assertNotNull(again.live(), "the job did not run the model again");
            HeadMap m = s.aggregatedMap();
            assertNotNull(m, "the top-2 map did not arrive");
            assertEquals(scores(again).top(2), m.heads());
            assertSumOfHeads(again, m.heads(), m.image().orElseThrow().raw());
        } finally {
            choose(canvas, HeadChoice.TOP1);
            UiTestSupport.onUi(() -> s.setHeadChoice(null));
        }
    }

    private static void assertClose(double[][] expected, double[][] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int l = 0; l < expected.length; l++) {
            for (int h = 0; h < expected[l].length; h++) {
                assertEquals(expected[l][h], actual[l][h], tol, what + " at " + l + "_" + h);
            }
        }
    }
}
