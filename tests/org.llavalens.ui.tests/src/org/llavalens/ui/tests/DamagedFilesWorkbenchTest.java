package org.llavalens.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.llavalens.ui.tests.DemoWorkbench.dialogs;
import static org.llavalens.ui.tests.DemoWorkbench.session;
import static org.llavalens.ui.tests.DemoWorkbench.view;
import static org.llavalens.ui.tests.DemoWorkbench.waitFor;
import static org.llavalens.ui.tests.DemoWorkbench.waitForJobs;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.swt.widgets.Shell;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.llavalens.annotation.AnnotationProject;
import org.llavalens.annotation.model.Case;
import org.llavalens.attribution.result.ResultJson;
import org.llavalens.ui.jobs.AnalyzeCaseJob;
import org.llavalens.ui.jobs.CaseOpener;
import org.llavalens.ui.jobs.OpenProjectJob;
import org.llavalens.ui.session.LensSession;
import org.llavalens.ui.views.CanvasView;
import org.llavalens.ui.views.NavigatorView;

/**
 * Files damaged on disk (a result, the project file, the project file and its backup) give a dialog
 * that names them, what can still be read is shown, and the workbench goes on working.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DamagedFilesWorkbenchTest {

    private static Path project;

    @BeforeAll
    static void demo() throws Exception {
        project = DemoWorkbench.start("damaged-files-project");
        DemoWorkbench.command(DemoWorkbench.COMMANDS + "openDemo", null);
        waitForJobs();
        assertEquals(project, session().project().directory(), "the test's demo project did not open");
    }

    @AfterAll
    static void leave() {
        closeDialogs();
        closeProject();
    }

    /** Closes the open project (saving it), as quitting the workbench would. */
    private static void closeProject() {
        UiTestSupport.onUi(() -> {
            try {
                session().open(null);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static void closeDialogs() {
        CanvasView canvas = view(CanvasView.ID);
        List<Shell> open = dialogs(UiTestSupport.onUi(canvas::canvas));
        UiTestSupport.onUi(() -> open.forEach(Shell::close));
        UiTestSupport.settle(200);
    }

    /** Waits for a dialog, keeps a screenshot of it and returns the text of all dialogs then open. */
    private static String dialogText(String screenshot) throws Exception {
        CanvasView canvas = view(CanvasView.ID);
        var control = UiTestSupport.onUi(canvas::canvas);
        assertTrue(waitFor(() -> !dialogs(control).isEmpty()), "no dialog was shown");
        UiTestSupport.settle(300);
        List<Shell> open = dialogs(control);
        String text = UiTestSupport.onUi(() -> open.stream().map(DemoWorkbench::allText)
                .reduce("", String::concat));
        // the message dialog is the wordiest shell (a progress or tooltip shell may be open too)
        Shell wordiest = UiTestSupport.onUi(() -> open.stream()
                .max(java.util.Comparator.comparingInt(sh -> DemoWorkbench.allText(sh).length())).orElseThrow());
        // its contents are printed (a fresh dialog may not be on the virtual screen yet to be copied)
        UiTestSupport.screenshot(UiTestSupport.onUi(() -> wordiest.getChildren().length == 1
                ? wordiest.getChildren()[0] : wordiest), screenshot);
        return text;
    }

    private static void reopen() throws Exception {
        LensSession s = session();
        UiTestSupport.onUi(() -> OpenProjectJob.folder(s, project).schedule());
        waitForJobs();
    }

    private static Case caseAt(int index) {
        LensSession s = session();
        return UiTestSupport.onUi(() -> s.project().model().getDatasets().get(0).getCases().get(index));
    }

    private static void analyse(Case c) throws InterruptedException {
        LensSession s = session();
        UiTestSupport.onUi(() -> new AnalyzeCaseJob(s, c).schedule());
        waitForJobs();
    }

    @Test
    @Order(1)
    void aDamagedResultIsNamedAndTheReadableOneStillShows() throws Exception {
        Case c = caseAt(0);
        analyse(c);
        analyse(c);
        List<String> links = UiTestSupport.onUi(() -> c.getResults().stream().map(r -> r.getPath()).toList());
        assertEquals(2, links.size(), "two analyses, two results: " + links);
        String damaged = links.get(1);
        UiTestSupport.onUi(() -> {
            try {
                session().project().save();
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
        Files.writeString(project.resolve(damaged), "{\"format\": 1, \"methods\": [", StandardCharsets.UTF_8);

        reopen();
        Case again = caseAt(0);
        UiTestSupport.onUi(() -> CaseOpener.open(session(), again));
        waitForJobs();
        String text = dialogText("dialog-damaged-result");
        assertTrue(text.contains(damaged), "the dialog does not name the damaged result " + damaged + ": " + text);
        closeDialogs();
        assertNotNull(session().result(), "the readable result is not shown");
        String readable = ResultJson.read(project.resolve(links.get(0))).createdAt();
        assertEquals(1, session().result().records().size(), "only the readable result can be shown");
        assertEquals(readable, session().result().main().createdAt(), "the shown result is not the readable one");

        // the workbench goes on: analysing the case again replaces what was shown
        analyse(again);
        assertTrue(waitFor(() -> session().result() != null && session().result().live() != null),
                "the case could not be analysed again");
    }

    @Test
    @Order(2)
    void aDamagedProjectFileIsRepairedFromItsBackupAndSaidSo() throws Exception {
        closeProject();
        assertTrue(Files.isRegularFile(project.resolve(AnnotationProject.PROJECT_FILE + ".bak")),
                "the saves left no backup to repair from");
        Files.writeString(project.resolve(AnnotationProject.PROJECT_FILE), "<?xml version=\"1.0\"?><broken",
                StandardCharsets.UTF_8);

        reopen();
        String text = dialogText("dialog-project-repaired");
        assertTrue(text.contains("repaired"), "no dialog says the project was repaired: " + text);
        closeDialogs();
        assertNotNull(session().project(), "the repaired project is not open");
        assertTrue(UiTestSupport.onUi(() -> session().project().model().getDatasets().get(0).getCases().size()) > 0,
                "the repaired project has no cases");
    }

    @Test
    @Order(3)
    void aProjectThatCannotBeReadGivesADialogAndTheViewsStayAlive() throws Exception {
        closeProject();
        Path main = project.resolve(AnnotationProject.PROJECT_FILE);
        Files.writeString(main, "not a project", StandardCharsets.UTF_8);
        // every backup generation too, so that nothing can repair it
        for (Path backup : org.llavalens.annotation.store.AtomicFiles.backupsOf(main)) {
            Files.writeString(backup, "not a project", StandardCharsets.UTF_8);
        }

        reopen();
        String text = dialogText("dialog-project-unreadable");
        assertTrue(text.contains(AnnotationProject.PROJECT_FILE), "the dialog does not name the project file: " + text);
        closeDialogs();
        NavigatorView nav = view(NavigatorView.ID);
        assertTrue(UiTestSupport.onUi(() -> !nav.viewer().getControl().isDisposed()), "the navigator died");

        // a project still opens in the same workbench (the demo project, made anew)
        DemoWorkbench.delete(project);
        DemoWorkbench.command(DemoWorkbench.COMMANDS + "openDemo", null);
        waitForJobs();
        assertNotNull(session().project(), "the workbench could not open a project after the failure");
    }
}
