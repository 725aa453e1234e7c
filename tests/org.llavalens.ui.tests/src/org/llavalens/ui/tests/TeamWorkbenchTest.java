package org.llavalens.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.llavalens.ui.tests.DemoWorkbench.dialogs;
import static org.llavalens.ui.tests.DemoWorkbench.session;
import static org.llavalens.ui.tests.DemoWorkbench.view;
import static org.llavalens.ui.tests.DemoWorkbench.waitFor;
import static org.llavalens.ui.tests.DemoWorkbench.waitForJobs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.eclipse.swt.widgets.Shell;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.llavalens.annotation.AnnotationProject;
import org.llavalens.annotation.LabelService;
import org.llavalens.annotation.Taxonomies;
import org.llavalens.annotation.model.Case;
import org.llavalens.ui.views.CanvasView;

/**
 * The workbench and another process (a second project instance on the same folder) label the same
 * case differently: the workbench keeps its label, the other version is saved beside, and a dialog
 * names the conflict copy (docs/team.md).
 */
class TeamWorkbenchTest {

    private static final String PERSON = "pat";
    private static Path project;

    @BeforeAll
    static void demo() throws Exception {
        project = DemoWorkbench.start("team-project");
        DemoWorkbench.command(DemoWorkbench.COMMANDS + "openDemo", null);
        waitForJobs();
        assertEquals(project, session().project().directory(), "the test's demo project did not open");
    }

    @AfterAll
    static void leave() {
        CanvasView canvas = view(CanvasView.ID);
        List<Shell> open = dialogs(UiTestSupport.onUi(canvas::canvas));
        UiTestSupport.onUi(() -> open.forEach(Shell::close));
        UiTestSupport.onUi(() -> {
            try {
                session().open(null);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static String sheet() {
        try {
            return Files.readString(project.resolve("sheets/" + PERSON + ".xmi"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static List<Path> conflictCopies() throws IOException {
        try (Stream<Path> s = Files.list(project.resolve("sheets"))) {
            return s.filter(f -> f.getFileName().toString().startsWith(PERSON + ".xmi.conflict-")).toList();
        }
    }

    @Test
    void aConflictingSaveByAnotherProcessIsShownAndBothVersionsAreKept() throws Exception {
        Case c = UiTestSupport.onUi(() -> session().project().model().getDatasets().get(0).getCases().get(0));
        UiTestSupport.onUi(() -> session().labels().setLabel(c, PERSON, Taxonomies.CORRECT, 1, "first here", null));
        assertTrue(waitFor(() -> sheet().contains("first here")), "the workbench never saved its label");
        try (AnnotationProject other = AnnotationProject.open(project)) {
            LabelService there = new LabelService(other);
            there.setLabel(other.findCase(c.getId()), PERSON, Taxonomies.OTHER, 1, "changed there", null);
            // on the UI thread the workbench cannot take the other save in before its own edit is made:
            // the other process saves, then the workbench changes the same label
            UiTestSupport.onUi(() -> {
                try {
                    other.save();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                session().labels().setLabel(c, PERSON, Taxonomies.WRONG_OBJECT, 1, "changed here", null);
            });
        }
        CanvasView canvas = view(CanvasView.ID);
        var control = UiTestSupport.onUi(canvas::canvas);
        assertTrue(waitFor(() -> !dialogs(control).isEmpty()), "no dialog was shown");
        UiTestSupport.settle(300);
        String text = UiTestSupport.onUi(() -> dialogs(control).stream().map(DemoWorkbench::allText)
                .reduce("", String::concat));
        assertTrue(text.contains("conflicted") && text.contains(PERSON + ".xmi.conflict-"), text);
        List<Path> copies = conflictCopies();
        assertEquals(1, copies.size(), copies.toString());
        assertTrue(Files.readString(copies.get(0), StandardCharsets.UTF_8).contains("changed there"),
                "the other version is kept whole");
        assertTrue(waitFor(() -> sheet().contains("changed here")), "the workbench's version was not saved");
    }
}
