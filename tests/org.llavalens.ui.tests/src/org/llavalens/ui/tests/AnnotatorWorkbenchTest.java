package org.llavalens.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.llavalens.ui.tests.DemoWorkbench.command;
import static org.llavalens.ui.tests.DemoWorkbench.read;
import static org.llavalens.ui.tests.DemoWorkbench.session;
import static org.llavalens.ui.tests.DemoWorkbench.view;
import static org.llavalens.ui.tests.DemoWorkbench.waitFor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Control;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.llavalens.annotation.AnnotationProject;
import org.llavalens.annotation.Taxonomies;
import org.llavalens.annotation.agreement.Agreement;
import org.llavalens.annotation.agreement.LabelTable;
import org.llavalens.annotation.agreement.ProjectRatings;
import org.llavalens.annotation.model.Case;
import org.llavalens.annotation.model.CauseLabel;
import org.llavalens.annotation.model.ReviewEntry;
import org.llavalens.annotation.model.ReviewState;
import org.llavalens.demo.DemoGenerator;
import org.llavalens.demo.DemoOptions;
import org.llavalens.ui.jobs.CaseOpener;
import org.llavalens.ui.jobs.DemoProject;
import org.llavalens.ui.prefs.LensPreferences;
import org.llavalens.ui.session.Labelling;
import org.llavalens.ui.session.LensSession;
import org.llavalens.ui.views.AgreementView;
import org.llavalens.ui.views.CanvasView;
import org.llavalens.ui.views.LabellingView;
import org.llavalens.ui.views.NavigatorView;
import org.llavalens.ui.views.TaxonomyDialog;
import org.llavalens.ui.views.agreement.ConfusionRow;

/**
 * What an annotation team does beyond labelling, driven through the workbench's own widgets on a
 * demo project of its own: edit the taxonomy in its dialog and label with the new key, comment a
 * review, read the agreement of two annotators. Everything is checked on disk and undone with
 * Edit &gt; Undo. Screenshots of the dialog and the views go to target/screenshots.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AnnotatorWorkbenchTest {

    private static final String ANNOTATOR = "ann1";
    private static final String OTHER_ANNOTATOR = "ann2";
    private static Path project;
    private static String previousAnnotator;

    @BeforeAll
    static void project() throws Exception {
        Path base = Path.of("target", "annotator-home").toAbsolutePath();
        Path scenes = base.resolve("scenes");
        if (!Files.isRegularFile(scenes.resolve("scenes.jsonl"))) {
            DemoGenerator.writeScenes(scenes, DemoOptions.defaults().withScenes(3), new NullProgressMonitor());
        }
        project = base.resolve("project");
        DemoWorkbench.delete(project);
        AnnotationProject p = DemoProject.openOrCreate(project, scenes, new NullProgressMonitor());
        previousAnnotator = LensPreferences.store().getString(LensPreferences.ANNOTATOR);
        LensPreferences.store().setValue(LensPreferences.ANNOTATOR, ANNOTATOR);
        UiTestSupport.workbench();
        UiTestSupport.onUi(() -> {
            closeDialogs();
            try {
                session().open(p);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            CaseOpener.open(session(), p.model().getDatasets().get(0).getCases().get(0));
        });
        UiTestSupport.settle(300);
    }

    @AfterAll
    static void close() throws Exception {
        UiTestSupport.onUi(() -> {
            closeDialogs();
            try {
                session().open(null);
                // the test classes share one workbench: leave it as the perspective shows it first
                PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage().showView(CanvasView.ID);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        LensPreferences.store().setValue(LensPreferences.ANNOTATOR, previousAnnotator);
    }

    private static void undo() {
        command("org.eclipse.ui.edit.undo", null);
        UiTestSupport.settle(200);
    }

    /** Closes dialogs a failed test may have left open, so the next one starts on the workbench. */
    private static void closeDialogs() {
        Shell main = PlatformUI.getWorkbench().getActiveWorkbenchWindow() == null ? null
                : PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell();
        for (Shell s : PlatformUI.getWorkbench().getDisplay().getShells()) {
            if (s != main && s.isVisible()) {
                s.close();
            }
        }
    }

    private static Case firstCase() {
        return UiTestSupport.onUi(() -> session().project().model().getDatasets().get(0).getCases().get(0));
    }

    /** Opens Edit > Edit Taxonomy... (a modal dialog: the command runs later, on the UI thread) and returns the dialog. */
    private static TaxonomyDialog openTaxonomyDialog() throws InterruptedException {
        UiTestSupport.display().asyncExec(() -> command("org.llavalens.ui.commands.editTaxonomy", null));
        return openedTaxonomyDialog();
    }

    private static TaxonomyDialog openedTaxonomyDialog() throws InterruptedException {
        TaxonomyDialog[] found = new TaxonomyDialog[1];
        assertTrue(waitFor(() -> (found[0] = UiTestSupport.onUi(() -> Arrays.stream(
                PlatformUI.getWorkbench().getDisplay().getShells())
                .filter(s -> s.isVisible() && s.getData() instanceof TaxonomyDialog)
                .map(s -> (TaxonomyDialog) s.getData()).findFirst().orElse(null))) != null),
                "Edit Taxonomy... opened no dialog");
        UiTestSupport.settle(200);
        return found[0];
    }

    private static void press(Button b) {
        UiTestSupport.onUi(() -> b.notifyListeners(SWT.Selection, new Event()));
    }

    private static void pressKey(char key) {
        DemoWorkbench.pressKey(view(CanvasView.ID), key);
    }

    private static List<String> buttonLabelIds(LabellingView v) {
        return UiTestSupport.onUi(() -> v.labelButtons().stream().map(b -> (String) b.getData()).toList());
    }

    @Test
    @Order(1)
    void aLabelAddedInTheTaxonomyDialogGetsAButtonAKeyAndUndoes() throws Exception {
        LensSession s = session();
        LabellingView labelling = view(LabellingView.ID);
        assertEquals(8, buttonLabelIds(labelling).size(), "the default taxonomy has 8 labels");
        TaxonomyDialog dialog = openTaxonomyDialog();
        UiTestSupport.onUi(() -> {
            dialog.fields().id().setText("occlusion");
            dialog.fields().name().setText("Object occluded");
            dialog.fields().description().setText("The asked object is mostly hidden.");
            dialog.fields().shortcut().select(9);
        });
        press(dialog.addButton());
        assertNull(UiTestSupport.onUi(dialog::getErrorMessage), "adding a new label was refused");
        CauseLabel added = UiTestSupport.onUi(() -> Taxonomies.find(s.project().model().getTaxonomy(), "occlusion"));
        assertNotNull(added, "the dialog did not add the label");
        assertEquals(9, added.getShortcut());
        assertEquals("Object occluded", added.getName());
        assertTrue(UiTestSupport.onUi(() -> dialog.table().shownRows().contains(added)), "the dialog's table lacks it");
        Path projectFile = project.resolve(AnnotationProject.PROJECT_FILE);
        assertTrue(waitFor(() -> read(projectFile).contains("\"occlusion\"")), "the new label did not reach " + projectFile);
        UiTestSupport.screenshot(UiTestSupport.onUi(dialog::getShell), "dialog-taxonomy");

        // a taken id: the dialog says so and nothing changes
        var lastStep = UiTestSupport.onUi(() -> s.project().commandStack().getUndoCommand());
        UiTestSupport.onUi(() -> {
            dialog.table().viewer().setSelection(StructuredSelection.EMPTY);
            dialog.fields().id().setText(Taxonomies.CORRECT);
            dialog.fields().name().setText("Correct again");
            dialog.fields().shortcut().select(0);
        });
        assertTrue(UiTestSupport.onUi(() -> dialog.addButton().isEnabled()), "Add is off for a new label's fields");
        press(dialog.addButton());
        String error = UiTestSupport.onUi(dialog::getErrorMessage);
        assertNotNull(error, "a duplicate id gave no error in the dialog");
        assertTrue(error.contains("taken"), error);
        assertEquals(9, UiTestSupport.onUi(() -> s.project().model().getTaxonomy().getLabels().size()));
        assertSame(lastStep, UiTestSupport.onUi(() -> s.project().commandStack().getUndoCommand()),
                "a refused label reached the command stack");
        assertEquals("Correct again", UiTestSupport.onUi(() -> dialog.fields().name().getText()), "the typed fields were lost");
        UiTestSupport.screenshot(UiTestSupport.onUi(dialog::getShell), "dialog-taxonomy-error");
        UiTestSupport.onUi(dialog::close);
        UiTestSupport.settle(300);

        List<String> ids = buttonLabelIds(labelling);
        assertEquals(9, ids.size(), "the labelling panel did not follow the taxonomy: " + ids);
        assertTrue(UiTestSupport.onUi(() -> labelling.labelButtons().stream()
                .anyMatch(b -> "occlusion".equals(b.getData()) && b.getText().startsWith("9"))),
                "no button for key 9");

        pressKey('9');
        Case c = firstCase();
        var a = UiTestSupport.onUi(() -> s.labels().labelOf(c, ANNOTATOR));
        assertNotNull(a, "key 9 did not label the case");
        assertEquals("occlusion", a.getLabelId());
        Path sheet = project.resolve("sheets").resolve(ANNOTATOR + ".xmi");
        assertTrue(waitFor(() -> read(sheet).contains("\"occlusion\"")), "the label did not reach " + sheet);
        screenshotMaximized(labelling, labelling::control, "view-labelling-new-label");

        undo();
        assertNull(UiTestSupport.onUi(() -> s.labels().labelOf(c, ANNOTATOR)), "undo did not remove the label");
        assertTrue(waitFor(() -> !read(sheet).contains("\"occlusion\"")), "the undone label is still on disk");
        undo();
        assertNull(UiTestSupport.onUi(() -> Taxonomies.find(s.project().model().getTaxonomy(), "occlusion")),
                "the second undo did not remove the taxonomy entry");
        assertEquals(8, buttonLabelIds(labelling).size(), "the labelling panel kept the undone label's button");
        assertTrue(waitFor(() -> read(projectFile).contains(Taxonomies.CORRECT) && !read(projectFile).contains("occlusion")),
                "the undone taxonomy entry is still in " + projectFile);
    }

    @Test
    @Order(2)
    void aReviewWithACommentIsSavedShownAndUndone() throws Exception {
        LensSession s = session();
        LabellingView labelling = view(LabellingView.ID);
        Case c = firstCase();
        String why = "dog half hidden behind the cat";
        String note = "checked the ear patches";
        UiTestSupport.onUi(() -> {
            labelling.commentField().setText(why);
            labelling.reviewField().select(ReviewState.VALUES.indexOf(ReviewState.NEEDS_REVIEW));
            labelling.reviewField().notifyListeners(SWT.Selection, new Event());
        });
        UiTestSupport.settle(200);
        List<ReviewEntry> reviews = UiTestSupport.onUi(() -> s.project().reviews(c));
        assertEquals(1, reviews.size());
        assertEquals(ReviewState.NEEDS_REVIEW, reviews.get(0).getState());
        assertEquals(why, reviews.get(0).getComment());
        assertEquals(ANNOTATOR, reviews.get(0).getReviewer());
        assertEquals("", UiTestSupport.onUi(() -> labelling.commentField().getText()), "the sent comment stayed in the field");

        // a comment alone keeps the state
        UiTestSupport.onUi(() -> {
            labelling.commentField().setText(note);
            labelling.commentField().notifyListeners(SWT.DefaultSelection, new Event());
        });
        UiTestSupport.settle(200);
        reviews = UiTestSupport.onUi(() -> s.project().reviews(c));
        assertEquals(2, reviews.size());
        assertEquals(ReviewState.NEEDS_REVIEW, reviews.get(1).getState());
        assertEquals(note, reviews.get(1).getComment());
        assertEquals(ReviewState.NEEDS_REVIEW, UiTestSupport.onUi(() -> s.labels().reviewState(c)));
        String history = UiTestSupport.onUi(() -> labelling.history().asText());
        assertTrue(history.contains(why) && history.contains(note) && history.contains(ANNOTATOR)
                && history.contains(ReviewState.NEEDS_REVIEW.getLiteral()), history);
        assertEquals(2, UiTestSupport.onUi(() -> labelling.history().shownRows().size()));
        Path sheet = project.resolve("sheets").resolve(ANNOTATOR + ".xmi");
        assertTrue(waitFor(() -> read(sheet).contains(why) && read(sheet).contains(note)),
                "the review comments did not reach " + sheet);
        screenshotMaximized(labelling, labelling::control, "view-labelling-review");

        undo();
        undo();
        assertEquals(List.of(), UiTestSupport.onUi(() -> s.project().reviews(c)));
        assertEquals(0, UiTestSupport.onUi(() -> labelling.history().shownRows().size()), "the history kept undone reviews");
        assertEquals(ReviewState.NEW.getLiteral(), UiTestSupport.onUi(() -> labelling.reviewField().getText()));
        assertTrue(waitFor(() -> !read(sheet).contains(why) && !read(sheet).contains(note)),
                "the undone review comments are still on disk");
    }

    @Test
    @Order(3)
    void theAgreementViewShowsTheAgreementPackagesKappaAndTheDisagreements() throws Exception {
        LensSession s = session();
        List<Case> cases = UiTestSupport.onUi(() -> Labelling.cases(s));
        assertTrue(cases.size() >= 6, "the demo project has at least 6 cases, not " + cases.size());
        String a = Taxonomies.CORRECT;
        String b = Taxonomies.LANGUAGE_PRIOR;
        // ann1: a a a b b b, ann2: a a b b b a: observed 4/6, chance 1/2, so Cohen's kappa is 1/3
        String[] first = { a, a, a, b, b, b };
        String[] second = { a, a, b, b, b, a };
        UiTestSupport.onUi(() -> {
            for (int i = 0; i < 6; i++) {
                s.labels().setLabel(cases.get(i), ANNOTATOR, first[i], 1, null, null);
                s.labels().setLabel(cases.get(i), OTHER_ANNOTATOR, second[i], 0.8, null, null);
            }
        });
        AgreementView view = view(AgreementView.ID);
        UiTestSupport.settle(300);
        Agreement.Report api = UiTestSupport.onUi(() -> Agreement.compute(ProjectRatings.of(s.project())));
        assertEquals(1, api.pairs().size());
        assertEquals(1.0 / 3.0, api.pairs().get(0).kappa(), 1e-12, "the agreement package's Cohen kappa");
        List<Agreement.PairKappa> shown = UiTestSupport.onUi(() -> view.pairTable().shownRows());
        assertEquals(api.pairs(), shown, "the view shows other pairs than the agreement package computes");
        String kappaCell = UiTestSupport.onUi(() -> view.pairTable().viewer().getTable().getItem(0).getText(5));
        assertEquals(api.pairs().get(0).kappa(), Double.parseDouble(kappaCell), 5e-4, "the kappa cell reads " + kappaCell);
        assertTrue(UiTestSupport.onUi(view::summaryText).contains("Fleiss' \u03BA = "
                + String.format(java.util.Locale.ROOT, "%.3f", api.fleiss().kappa())), UiTestSupport.onUi(view::summaryText));
        Set<String> differing = Set.of(cases.get(2).getId(), cases.get(5).getId());
        assertEquals(differing, disagreeingCases(view));
        assertEquals(6, UiTestSupport.onUi(() -> view.labelTable().shownRows().size()));
        assertEquals(List.of(ANNOTATOR, OTHER_ANNOTATOR), UiTestSupport.onUi(() -> Arrays.stream(
                view.labelTable().viewer().getTable().getColumns()).map(col -> col.getText()).toList()).subList(1, 3),
                "one column per annotator's sheet");
        long[][] counts = api.pairTables().get(0).counts();
        List<ConfusionRow> confusion = UiTestSupport.onUi(() -> view.confusionTable().shownRows());
        assertEquals(api.labels().size(), confusion.size());
        for (int i = 0; i < confusion.size(); i++) {
            assertTrue(Arrays.equals(counts[i], confusion.get(i).counts()), "confusion row " + i);
        }
        screenshotMaximized(view, view::control, "view-agreement");

        // double-click a disagreement: its case becomes the current one
        Case last = cases.get(5);
        UiTestSupport.onUi(() -> {
            var table = view.disagreementTable().viewer().getTable();
            TableItem item = Arrays.stream(table.getItems())
                    .filter(i -> ((Agreement.Disagreement) i.getData()).caseId().equals(last.getId())).findFirst()
                    .orElseThrow();
            table.setSelection(item);
            Event e = new Event();
            e.item = item;
            table.notifyListeners(SWT.DefaultSelection, e);
        });
        UiTestSupport.settle(200);
        assertEquals(last, s.currentCase(), "double-click did not open the case");

        // the view follows a label change
        UiTestSupport.onUi(() -> s.labels().setLabel(cases.get(2), OTHER_ANNOTATOR, a, 1, null, null));
        UiTestSupport.settle(200);
        assertEquals(Set.of(last.getId()), disagreeingCases(view));
        Agreement.Report after = UiTestSupport.onUi(() -> Agreement.compute(ProjectRatings.of(s.project())));
        assertEquals(after.pairs(), UiTestSupport.onUi(() -> view.pairTable().shownRows()));
        assertEquals(Set.of(last.getId()), UiTestSupport.onUi(() -> view.labelTable().shownRows().stream()
                .filter(LabelTable.Row::disagreement).map(LabelTable.Row::caseId).collect(Collectors.toSet())));
    }

    @Test
    @Order(4)
    void theNavigatorFiltersDisagreementsAndOneAnnotatorsCases() throws Exception {
        LensSession s = session();
        List<Case> cases = UiTestSupport.onUi(() -> Labelling.cases(s));
        // after the agreement test both labelled cases 0-5 and differ on case 5 only; ann1 now takes back case 0
        UiTestSupport.onUi(() -> s.labels().clearLabel(cases.get(0), ANNOTATOR));
        NavigatorView nav = view(NavigatorView.ID);
        assertEquals(Set.of(cases.get(5).getId()), shownCases(nav, "Disagreements"));
        Set<String> byOther = cases.subList(0, 6).stream().map(Case::getId).collect(Collectors.toSet());
        assertEquals(byOther, shownCases(nav, "Labelled by " + OTHER_ANNOTATOR));
        Set<String> byFirst = cases.subList(1, 6).stream().map(Case::getId).collect(Collectors.toSet());
        assertEquals(byFirst, shownCases(nav, "Labelled by " + ANNOTATOR));
        UiTestSupport.screenshot(UiTestSupport.onUi(() -> nav.viewer().getControl().getParent()), "view-navigator-by-annotator");
        assertEquals(cases.size(), shownCases(nav, "All cases").size());
    }

    private static Set<String> shownCases(NavigatorView nav, String filter) {
        return UiTestSupport.onUi(() -> {
            var show = nav.showChoice();
            int i = Arrays.asList(show.getItems()).indexOf(filter);
            assertTrue(i >= 0, "no filter '" + filter + "' in " + Arrays.toString(show.getItems()));
            show.select(i);
            show.notifyListeners(SWT.Selection, new Event());
            nav.viewer().expandAll();
            Set<String> ids = new java.util.TreeSet<>();
            for (var dataset : nav.viewer().getTree().getItems()) {
                for (var item : dataset.getItems()) {
                    ids.add(((Case) item.getData()).getId());
                }
            }
            return ids;
        });
    }

    @Test
    @Order(5)
    void editingAndRetiringLabelsInTheDialogReachesTheButtonsAndUndoes() throws Exception {
        LensSession s = session();
        LabellingView labelling = view(LabellingView.ID);
        Button taxonomy = UiTestSupport.onUi(() -> find(labelling.control(), "Ta&xonomy\u2026"));
        assertNotNull(taxonomy, "the Labelling view has no Taxonomy button");
        UiTestSupport.display().asyncExec(() -> taxonomy.notifyListeners(SWT.Selection, new Event()));
        TaxonomyDialog dialog = openedTaxonomyDialog();
        var t = UiTestSupport.onUi(() -> s.project().model().getTaxonomy());
        CauseLabel other = UiTestSupport.onUi(() -> Taxonomies.find(t, Taxonomies.OTHER));
        UiTestSupport.onUi(() -> {
            dialog.table().viewer().setSelection(new StructuredSelection(other), true);
            dialog.fields().name().setText("Something else");
            dialog.fields().shortcut().select(2);
        });
        press(dialog.applyButton());
        assertNull(UiTestSupport.onUi(dialog::getErrorMessage));
        assertTrue(UiTestSupport.onUi(dialog::getMessage).contains("moved"), UiTestSupport.onUi(dialog::getMessage));
        assertEquals(0, UiTestSupport.onUi(() -> Taxonomies.find(t, Taxonomies.TOO_FEW_PATCHES).getShortcut()),
                "key 2 was not taken from its previous label");
        CauseLabel ambiguous = UiTestSupport.onUi(() -> Taxonomies.find(t, Taxonomies.AMBIGUOUS));
        UiTestSupport.onUi(() -> dialog.table().viewer().setSelection(new StructuredSelection(ambiguous), true));
        press(dialog.retireButton());
        assertTrue(UiTestSupport.onUi(ambiguous::isRetired));
        UiTestSupport.screenshot(UiTestSupport.onUi(dialog::getShell), "dialog-taxonomy-retired");
        UiTestSupport.onUi(dialog::close);
        UiTestSupport.settle(300);
        assertEquals(7, buttonLabelIds(labelling).size(), "the retired label still has a button");
        assertTrue(UiTestSupport.onUi(() -> labelling.labelButtons().stream()
                .anyMatch(b -> Taxonomies.OTHER.equals(b.getData()) && b.getText().startsWith("2  Something else"))),
                "the renamed label's button does not show its new key and name");

        undo();
        undo();
        assertEquals(8, buttonLabelIds(labelling).size());
        assertEquals("Other", UiTestSupport.onUi(other::getName));
        assertEquals(8, UiTestSupport.onUi(other::getShortcut));
        assertEquals(2, UiTestSupport.onUi(() -> Taxonomies.find(t, Taxonomies.TOO_FEW_PATCHES).getShortcut()));
    }

    private static Button find(Control c, String text) {
        if (c instanceof Button b && text.equals(b.getText())) {
            return b;
        }
        if (c instanceof org.eclipse.swt.widgets.Composite comp) {
            for (Control child : comp.getChildren()) {
                Button found = find(child, text);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** A screenshot of a view maximized, so that all of it shows, then restored. */
    private static void screenshotMaximized(IViewPart view, java.util.function.Supplier<Control> control, String name)
            throws java.io.IOException {
        UiTestSupport.onUi(() -> {
            IWorkbenchPage page = view.getSite().getPage();
            page.setPartState(page.getReference(view), IWorkbenchPage.STATE_MAXIMIZED);
        });
        try {
            UiTestSupport.screenshot(UiTestSupport.onUi(control), name);
        } finally {
            UiTestSupport.onUi(() -> {
                IWorkbenchPage page = view.getSite().getPage();
                page.setPartState(page.getReference(view), IWorkbenchPage.STATE_RESTORED);
            });
            UiTestSupport.settle(200);
        }
    }

    private static Set<String> disagreeingCases(AgreementView view) {
        return UiTestSupport.onUi(() -> view.disagreementTable().shownRows().stream()
                .map(Agreement.Disagreement::caseId).collect(Collectors.toSet()));
    }
}
