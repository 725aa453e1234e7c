package org.llavalens.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Event;
import org.eclipse.ui.IViewPart;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.llavalens.annotation.model.Case;
import org.llavalens.attribution.HeadId;
import org.llavalens.attribution.HeadScores;
import org.llavalens.ui.prefs.LensPreferences;
import org.llavalens.ui.session.CaseResult;
import org.llavalens.ui.session.LensSession;
import org.llavalens.ui.views.CanvasView;
import org.llavalens.ui.views.CompareView;
import org.llavalens.ui.views.HeadGridView;
import org.llavalens.ui.views.LabellingView;
import org.llavalens.ui.views.NavigatorView;
import org.llavalens.ui.views.TextPositionsView;
import org.llavalens.ui.views.TokenTablesView;
import org.llavalens.ui.views.canvas.CanvasLayers;

/**
 * The workbench on the demo project, as an annotator uses it: open the project, run the analysis,
 * see the heatmap on the canvas, click a head and see its map, label with a key and find the label
 * on disk, undo it, compare with Vicuna. Screenshots of every view go to target/screenshots.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoWorkbenchTest {

    private static final String C = "org.llavalens.ui.commands.";
    private static Path home;
    private static Path project;

    @BeforeAll
    static void demo() throws Exception {
        project = DemoWorkbench.start("demo-project");
        home = project.getParent();
        LensPreferences.store().setValue(LensPreferences.COLORMAP, "hot");
    }

    private static LensSession session() {
        return DemoWorkbench.session();
    }

    private static void command(String id, Map<String, String> parameters) {
        DemoWorkbench.command(id, parameters);
    }

    private static void waitForJobs() throws InterruptedException {
        DemoWorkbench.waitForJobs();
    }

    private static <T extends IViewPart> T view(String id) {
        return DemoWorkbench.view(id);
    }

    private static ImageData pixels(Control c) {
        return DemoWorkbench.pixels(c);
    }

    private static int differing(ImageData a, ImageData b) {
        return DemoWorkbench.differing(a, b);
    }

    @Test
    @Order(1)
    void opensTheDemoProject() throws Exception {
        command(C + "openDemo", null);
        waitForJobs();
        LensSession s = session();
        assertNotNull(s.project(), "the demo project did not open");
        assertTrue(Files.isRegularFile(project.resolve("project.xmi")), "the demo project was not created on disk");
        NavigatorView nav = view(NavigatorView.ID);
        int cases = UiTestSupport.onUi(() -> nav.viewer().getTree().getItem(0).getItemCount());
        assertTrue(cases >= 6, "3 scenes with 2-3 animals give at least 6 cases, not " + cases);
        assertTrue(UiTestSupport.onUi(nav::countsText).contains("0 labelled"));
    }

    @Test
    @Order(2)
    void analysisPutsTheHeatmapOnTheCanvas() throws Exception {
        LensSession s = session();
        NavigatorView nav = view(NavigatorView.ID);
        Case first = UiTestSupport.onUi(() -> s.project().model().getDatasets().get(0).getCases().get(0));
        UiTestSupport.onUi(() -> nav.viewer().setSelection(new StructuredSelection(first), true));
        assertEquals(first, s.currentCase());
        CanvasView canvas = view(CanvasView.ID);
        command(C + "analyze", null);
        waitForJobs();
        CaseResult r = s.result();
        assertNotNull(r, "no result after the analysis");
        assertEquals(first.getExpectedAnswer().strip(), r.main().target().text().replace('\u2581', ' ').strip(),
                "the demo model answers the demo question");
        double[] map = r.method("logprob-increase").orElseThrow().imageScores().toArray();
        int hot = argmax(map);
        int coldest = argmin(map);
        Point hotPx = UiTestSupport.onUi(() -> canvas.canvas().patchCentre(hot));
        ImageData with = pixels(canvas.canvas());
        String layer = "logprob-increase";
        UiTestSupport.onUi(() -> canvas.layerPanel().setStyle(layer,
                canvas.layerPanel().styles().get(layer).withOpacity(0)));
        ImageData without = pixels(canvas.canvas());
        assertFalse(WidgetShell.rgb(with, hotPx.x, hotPx.y).equals(WidgetShell.rgb(without, hotPx.x, hotPx.y)),
                "the heatmap does not change the canvas at its hottest patch");
        UiTestSupport.onUi(() -> canvas.layerPanel().setStyle(layer,
                canvas.layerPanel().styles().get(layer).withOpacity(200)));
        ImageData hotMap = pixels(canvas.canvas());
        Point coldPx = UiTestSupport.onUi(() -> canvas.canvas().patchCentre(coldest));
        var h = WidgetShell.rgb(hotMap, hotPx.x, hotPx.y);
        var c = WidgetShell.rgb(hotMap, coldPx.x, coldPx.y);
        assertTrue(h.red + h.green + h.blue > c.red + c.green + c.blue,
                "with the hot map the top patch must be brighter than the weakest: " + h + " vs " + c);
        UiTestSupport.screenshot(UiTestSupport.onUi(() -> canvas.canvas().getShell()), "workbench-analysed");
    }

    @Test
    @Order(3)
    void clickingAHeadShowsItsMapAndTokens() throws Exception {
        LensSession s = session();
        HeadGridView grid = view(HeadGridView.ID);
        CanvasView canvas = view(CanvasView.ID);
        CaseResult r = s.result();
        HeadScores scores = r.headMethod().orElseThrow().headScores();
        HeadId second = scores.top(2).get(1);
        ImageData before = pixels(canvas.canvas());
        Point cell = UiTestSupport.onUi(() -> grid.grid().cellCentre(second.layer(), second.head()));
        UiTestSupport.onUi(() -> {
            Event e = new Event();
            e.x = cell.x;
            e.y = cell.y;
            e.button = 1;
            grid.grid().notifyListeners(SWT.MouseDown, e);
        });
        waitForJobs();
        assertEquals(second, s.selectedHead());
        assertNotNull(s.headPositions(), "the head's position scores did not arrive");
        assertTrue(UiTestSupport.onUi(() -> canvas.layerPanel().styles().containsKey(CanvasLayers.HEAD_LAYER)));
        assertTrue(differing(before, pixels(canvas.canvas())) > 100, "the canvas did not change for the head's map");
        TokenTablesView tokens = view(TokenTablesView.ID);
        assertTrue(UiTestSupport.onUi(() -> tokens.table().shownRows().size()) > 0, "the token table is empty");
        TextPositionsView positions = view(TextPositionsView.ID);
        assertTrue(UiTestSupport.onUi(() -> positions.table().shownRows().size()) > 2);
        UiTestSupport.screenshot(UiTestSupport.onUi(() -> canvas.canvas().getShell()), "workbench-head-selected");
    }

    @Test
    @Order(4)
    void aLabelKeyIsSavedToDiskAndUndoRemovesIt() throws Exception {
        LensSession s = session();
        CanvasView canvas = view(CanvasView.ID);
        DemoWorkbench.pressKey(canvas, '2');
        var annotation = UiTestSupport.onUi(() -> s.labels().labelOf(s.currentCase(), "tester"));
        assertNotNull(annotation, "key 2 did not label the case");
        assertEquals("too-few-patches", annotation.getLabelId());
        Path sheet = project.resolve("sheets").resolve("tester.xmi");
        assertTrue(waitFor(() -> read(sheet).contains("too-few-patches")), "the label did not reach " + sheet);
        LabellingView labelling = view(LabellingView.ID);
        UiTestSupport.screenshot(labelling.getSite().getShell(), "workbench-labelled");
        command("org.eclipse.ui.edit.undo", null);
        UiTestSupport.settle(200);
        assertEquals(null, UiTestSupport.onUi(() -> s.labels().labelOf(s.currentCase(), "tester")));
        assertTrue(waitFor(() -> !read(sheet).contains("too-few-patches")), "the undone label is still on disk");
    }

    @Test
    @Order(5)
    void compareViewShowsTheThreeHeadMapsAndTheirOverlap() throws Exception {
        command(C + "compare", null);
        waitForJobs();
        CompareView compare = view(CompareView.ID);
        assertNotNull(session().compare(), "the comparison did not finish");
        String summary = UiTestSupport.onUi(compare::summaryText);
        assertTrue(summary.contains("of 10"), summary);
        assertEquals(3, session().compare().panels().size());
        String expected = UiTestSupport.onUi(() -> session().currentCase().getExpectedAnswer()).strip();
        for (var panel : session().compare().panels()) {
            assertEquals(expected, panel.answer().replace('\u2581', ' ').strip(),
                    panel.name() + " must answer the question the workbench built for it");
        }
        UiTestSupport.screenshot(compare.getSite().getShell(), "workbench-compare");
    }

    @Test
    @Order(5)
    void exportWritesTheCanvasAndTheGridAsPng() throws Exception {
        Path canvasPng = home.resolve("export-canvas.png");
        Path gridPng = home.resolve("export-grid.png");
        Files.deleteIfExists(canvasPng);
        Files.deleteIfExists(gridPng);
        command(C + "export", Map.of("what", "canvas", "file", canvasPng.toString()));
        command(C + "export", Map.of("what", "grid", "file", gridPng.toString()));
        var canvas = new org.eclipse.swt.graphics.ImageLoader().load(canvasPng.toString())[0];
        assertEquals(336, canvas.width, "the canvas export is the model's crop");
        assertEquals(336, canvas.height);
        var grid = new org.eclipse.swt.graphics.ImageLoader().load(gridPng.toString())[0];
        assertTrue(grid.width > 8 * 16 && grid.height >= 4 * 16, "the head grid export is too small");
    }

    @Test
    @Order(6)
    void screenshotsOfEveryView() throws Exception {
        NavigatorView nav = view(NavigatorView.ID);
        UiTestSupport.screenshot(UiTestSupport.onUi(() -> nav.viewer().getControl().getParent()), "view-navigator");
        CanvasView canvas = view(CanvasView.ID);
        UiTestSupport.onUi(() -> {
            // the README picture: the paper's map alone, with the patch grid
            var panel = canvas.layerPanel();
            panel.setStyle(CanvasLayers.HEAD_LAYER, panel.styles().get(CanvasLayers.HEAD_LAYER).withVisible(false));
            panel.setStyle("logprob-increase", panel.styles().get("logprob-increase").withOpacity(150));
            canvas.canvas().setGridVisible(true);
            panel.setGrid(true);
        });
        UiTestSupport.screenshot(UiTestSupport.onUi(() -> canvas.canvas().getParent().getParent()), "view-canvas");
        HeadGridView grid = view(HeadGridView.ID);
        UiTestSupport.screenshot(UiTestSupport.onUi(() -> grid.grid().getParent()), "view-head-grid");
        TokenTablesView tokens = view(TokenTablesView.ID);
        UiTestSupport.screenshot(UiTestSupport.onUi(() -> tokens.table().viewer().getTable().getParent().getParent()),
                "view-token-tables");
        TextPositionsView positions = view(TextPositionsView.ID);
        UiTestSupport.screenshot(UiTestSupport.onUi(() -> positions.table().viewer().getTable().getParent().getParent()),
                "view-text-positions");
        LabellingView labelling = view(LabellingView.ID);
        UiTestSupport.screenshot(UiTestSupport.onUi(labelling::control), "view-labelling");
        CompareView compare = view(CompareView.ID);
        UiTestSupport.screenshot(UiTestSupport.onUi(() -> compare.grids().get(0).getParent().getParent().getParent()), "view-compare");
        UiTestSupport.onUi(() -> canvas.getSite().getPage().activate(canvas));
        UiTestSupport.settle(200);
        UiTestSupport.screenshot(UiTestSupport.onUi(() -> compare.getSite().getShell()), "workbench");
    }

    @Test
    @Order(7)
    void aMissingModelFolderGivesADialogAndTheViewsStayAlive() throws Exception {
        LensSession s = session();
        NavigatorView nav = view(NavigatorView.ID);
        CanvasView canvas = view(CanvasView.ID);
        String good = LensPreferences.store().getString(LensPreferences.LLAVA_FOLDER);
        Path missing = home.resolve("no-such-model");
        LensPreferences.store().setValue(LensPreferences.LLAVA_FOLDER, missing.toString());
        try {
            UiTestSupport.onUi(s::closeService);
            Case other = UiTestSupport.onUi(() -> s.project().model().getDatasets().get(0).getCases().get(1));
            UiTestSupport.onUi(() -> nav.viewer().setSelection(new StructuredSelection(other), true));
            int shellsBefore = UiTestSupport.onUi(() -> canvas.canvas().getDisplay().getShells().length);
            command(C + "analyze", null);
            waitForJobs();
            UiTestSupport.settle(500);
            var dialogs = UiTestSupport.onUi(() -> java.util.Arrays.stream(canvas.canvas().getDisplay().getShells())
                    .filter(sh -> sh.isVisible() && sh != canvas.canvas().getShell()).toList());
            assertTrue(UiTestSupport.onUi(() -> canvas.canvas().getDisplay().getShells().length) > shellsBefore
                    || !dialogs.isEmpty(), "no dialog reported the missing model folder");
            String texts = UiTestSupport.onUi(() -> dialogs.stream().map(DemoWorkbenchTest::allText)
                    .reduce("", String::concat));
            assertTrue(texts.contains(missing.toString()) || texts.contains("does not exist"),
                    "the dialog does not name the missing folder: " + texts);
            if (!dialogs.isEmpty()) {
                UiTestSupport.screenshot(dialogs.get(0), "dialog-missing-model");
            }
            UiTestSupport.onUi(() -> dialogs.forEach(org.eclipse.swt.widgets.Shell::close));
            assertFalse(UiTestSupport.onUi(() -> canvas.canvas().isDisposed()), "the canvas died");
            assertEquals(null, s.result(), "a failed run must not leave a result");
        } finally {
            LensPreferences.store().setValue(LensPreferences.LLAVA_FOLDER, good);
        }
    }

    @Test
    @Order(8)
    void analyseAllCasesFillsTheNavigatorsAnswers() throws Exception {
        LensSession s = session();
        command(C + "analyze", Map.of("kind", "all"));
        waitForJobs();
        var cases = UiTestSupport.onUi(() -> org.llavalens.ui.session.Labelling.cases(s));
        for (Case c : cases) {
            assertFalse(UiTestSupport.onUi(() -> c.getResults().isEmpty()), c.getId() + " has no result after the batch");
            assertNotNull(UiTestSupport.onUi(c::getModelAnswer), c.getId() + " has no model answer after the batch");
        }
        assertNotNull(s.result(), "the current case's result from the batch is not shown");
        NavigatorView nav = view(NavigatorView.ID);
        UiTestSupport.onUi(() -> nav.viewer().refresh());
        String answers = UiTestSupport.onUi(() -> java.util.Arrays.stream(nav.viewer().getTree().getItem(0).getItems())
                .map(i -> i.getText(1)).reduce("", String::concat));
        assertTrue(answers.contains("\u2713"), "no case is marked as answered right: " + answers);
        UiTestSupport.screenshot(UiTestSupport.onUi(() -> nav.viewer().getControl().getParent()), "view-navigator-batch");
    }

    @Test
    @Order(9)
    void aBrokenPluginMethodIsReportedAndTheOthersStillShow() throws Exception {
        LensSession s = session();
        NavigatorView nav = view(NavigatorView.ID);
        CanvasView canvas = view(CanvasView.ID);
        String previous = LensPreferences.store().getString(LensPreferences.METHOD);
        LensPreferences.store().setValue(LensPreferences.METHOD, "ui-test-throws");
        try {
            Case first = UiTestSupport.onUi(() -> s.project().model().getDatasets().get(0).getCases().get(0));
            UiTestSupport.onUi(() -> nav.viewer().setSelection(new StructuredSelection(first), true));
            command(C + "analyze", null);
            waitForJobs();
            UiTestSupport.settle(500);
            CaseResult r = s.result();
            assertNotNull(r, "the working methods' result is missing");
            assertTrue(r.method("ui-test-throws").orElseThrow().failed(), "the broken method did not fail");
            assertFalse(r.method("logprob-increase").orElseThrow().failed(), "a broken plugin stopped the built-in method");
            var dialogs = UiTestSupport.onUi(() -> java.util.Arrays.stream(canvas.canvas().getDisplay().getShells())
                    .filter(sh -> sh.isVisible() && sh != canvas.canvas().getShell()).toList());
            String texts = UiTestSupport.onUi(() -> dialogs.stream().map(DemoWorkbenchTest::allText)
                    .reduce("", String::concat));
            assertTrue(texts.contains("Throwing test method"), "no dialog names the failed method: " + texts);
            UiTestSupport.onUi(() -> dialogs.forEach(org.eclipse.swt.widgets.Shell::close));
            assertFalse(UiTestSupport.onUi(() -> canvas.canvas().isDisposed()), "the canvas died");
            assertTrue(UiTestSupport.onUi(() -> canvas.layerPanel().styles().containsKey("logprob-increase")),
                    "the built-in layer is not on the canvas");
        } finally {
            LensPreferences.store().setValue(LensPreferences.METHOD, previous);
        }
    }

    /** Every label and text of a dialog, to read its message. */
    private static String allText(Control c) {
        return DemoWorkbench.allText(c);
    }

    private static boolean waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        return DemoWorkbench.waitFor(condition);
    }

    private static String read(Path file) {
        return DemoWorkbench.read(file);
    }

    private static int argmax(double[] v) {
        int b = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[b]) {
                b = i;
            }
        }
        return b;
    }

    private static int argmin(double[] v) {
        int b = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] < v[b]) {
                b = i;
            }
        }
        return b;
    }
}
