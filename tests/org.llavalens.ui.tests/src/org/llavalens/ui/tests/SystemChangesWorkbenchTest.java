package org.llavalens.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.llavalens.ui.tests.DemoWorkbench.read;
import static org.llavalens.ui.tests.DemoWorkbench.waitFor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.emf.common.notify.Notification;
import org.eclipse.emf.common.notify.impl.AdapterImpl;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.widgets.Display;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.llavalens.annotation.model.Case;
import org.llavalens.ui.jobs.AnalyzeCaseJob;
import org.llavalens.ui.session.LensSession;
import org.llavalens.ui.views.CanvasView;
import org.llavalens.ui.views.NavigatorView;

/**
 * What the application records after an analysis (the result link, the model's answer) is saved but
 * is not the user's edit: Undo takes back the last label and leaves them. And every model write a
 * job makes arrives on the UI thread, where the views read the model.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SystemChangesWorkbenchTest {

    private static final String C = "org.llavalens.ui.commands.";
    private static Path project;

    @BeforeAll
    static void demo() throws Exception {
        project = DemoWorkbench.start("system-changes-project");
        command(C + "openDemo");
        waitForJobs();
        assertEquals(project, session().project().directory(), "the test's demo project did not open");
    }

    private static LensSession session() {
        return DemoWorkbench.session();
    }

    private static void command(String id) {
        DemoWorkbench.command(id, null);
    }

    private static void waitForJobs() throws InterruptedException {
        DemoWorkbench.waitForJobs();
    }

    private static Case caseAt(int index) {
        LensSession s = session();
        return UiTestSupport.onUi(() -> s.project().model().getDatasets().get(0).getCases().get(index));
    }

    @Test
    @Order(1)
    void afterAnAnalysisUndoTakesBackTheLabelAndKeepsTheResultAndAnswer() throws Exception {
        LensSession s = session();
        NavigatorView nav = DemoWorkbench.<NavigatorView>view(NavigatorView.ID);
        CanvasView canvas = DemoWorkbench.<CanvasView>view(CanvasView.ID);
        Case first = caseAt(0);
        UiTestSupport.onUi(() -> nav.viewer().setSelection(new StructuredSelection(first), true));
        command(C + "analyze");
        waitForJobs();
        assertNotNull(s.result(), "no result after the analysis");
        String expected = UiTestSupport.onUi(first::getExpectedAnswer).strip();
        assertEquals(expected, UiTestSupport.onUi(first::getModelAnswer), "the model's answer is not on the case");
        String link = UiTestSupport.onUi(() -> first.getResults().get(first.getResults().size() - 1).getPath());
        Path projectFile = project.resolve("project.xmi");
        assertTrue(waitFor(() -> read(projectFile).contains(link)
                && read(projectFile).contains("modelAnswer=\"" + expected + "\"")),
                "the result link and the model answer did not reach " + projectFile);
        assertFalse(UiTestSupport.onUi(() -> s.labels().canUndo()), "the analysis left an undoable step");

        DemoWorkbench.pressKey(canvas, '2');
        assertEquals("too-few-patches", UiTestSupport.onUi(() -> s.labels().labelOf(first, "tester").getLabelId()),
                "key 2 did not label the case");
        Path sheet = project.resolve("sheets").resolve("tester.xmi");
        assertTrue(waitFor(() -> read(sheet).contains("too-few-patches")), "the label did not reach " + sheet);

        command("org.eclipse.ui.edit.undo");
        UiTestSupport.settle(200);
        assertNull(UiTestSupport.onUi(() -> s.labels().labelOf(first, "tester")), "undo did not take back the label");
        assertEquals(expected, UiTestSupport.onUi(first::getModelAnswer), "undo took back the model's answer");
        assertTrue(UiTestSupport.onUi(() -> first.getResults().stream().anyMatch(r -> r.getPath().equals(link))),
                "undo took back the result link");
        assertFalse(UiTestSupport.onUi(() -> s.labels().canUndo()));
        assertTrue(waitFor(() -> !read(sheet).contains("too-few-patches")), "the undone label is still on disk");
        assertTrue(read(projectFile).contains(link), "the result link left the disk");
        assertTrue(read(projectFile).contains("modelAnswer=\"" + expected + "\""), "the model answer left the disk");
    }

    /** Records, for every change of a model object, whether it was made on the UI thread. */
    private static final class UiThreadRecorder extends AdapterImpl {
        final List<Boolean> onUiThread = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void notifyChanged(Notification msg) {
            if (!msg.isTouch()) {
                onUiThread.add(Display.getCurrent() != null);
            }
        }
    }

    @Test
    @Order(2)
    void modelWritesOfAJobArriveOnTheUiThread() throws Exception {
        LensSession s = session();
        Case second = caseAt(1);
        UiThreadRecorder recorder = new UiThreadRecorder();
        UiTestSupport.onUi(() -> second.eAdapters().add(recorder));
        try {
            // the analysis job attaches its result and records the answer from its own thread
            UiTestSupport.onUi(() -> new AnalyzeCaseJob(s, second).schedule());
            waitForJobs();
            assertFalse(UiTestSupport.onUi(() -> second.getResults().isEmpty()), "the job attached no result");
            // and a job that labels, clears and undoes: model writes from a worker thread too
            UiThreadRecorder onSheet = new UiThreadRecorder();
            UiTestSupport.onUi(() -> s.project().sheet("job").eAdapters().add(onSheet));
            Job labelling = Job.create("label from a job", m -> {
                s.labels().setLabel(second, "job", "wrong-object", 1.0, null, null);
                s.labels().clearLabel(second, "job");
                s.labels().undo();
            });
            labelling.schedule();
            labelling.join();
            assertTrue(recorder.onUiThread.size() >= 2, "no model change of the case was seen: " + recorder.onUiThread);
            assertFalse(recorder.onUiThread.contains(false), "a job changed the case off the UI thread: "
                    + recorder.onUiThread);
            assertEquals(3, onSheet.onUiThread.size(), "label, clear and undo: " + onSheet.onUiThread);
            assertFalse(onSheet.onUiThread.contains(false), "a job changed a label off the UI thread: "
                    + onSheet.onUiThread);
            assertEquals("wrong-object", UiTestSupport.onUi(() -> s.labels().labelOf(second, "job").getLabelId()));
        } finally {
            UiTestSupport.onUi(() -> second.eAdapters().remove(recorder));
        }
    }
}
