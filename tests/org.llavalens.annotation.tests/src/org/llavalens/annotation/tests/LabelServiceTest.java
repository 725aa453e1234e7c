package org.llavalens.annotation.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llavalens.annotation.AnnotationProject;
import org.llavalens.annotation.Autosave;
import org.llavalens.annotation.LabelService;
import org.llavalens.annotation.Taxonomies;
import org.llavalens.annotation.model.Case;
import org.llavalens.annotation.model.ReviewState;

class LabelServiceTest {

    @TempDir
    Path dir;

    @Test
    void labelsOfDifferentAnnotatorsAreKeptApartAndReplacedPerAnnotator() throws Exception {
        try (AnnotationProject p = Fixtures.project(dir, 2)) {
            LabelService s = new LabelService(p);
            Case c = p.findCase("d-1");
            s.setLabel(c, "alice", Taxonomies.WRONG_OBJECT, 1, null, null);
            s.setLabel(c, "bob", Taxonomies.CORRECT, 1, null, null);
            s.setLabel(c, "alice", Taxonomies.SPATIAL_RELATION, 0.5, "changed my mind", null);
            assertEquals(2, p.annotations(c).size());
            assertEquals(Taxonomies.SPATIAL_RELATION, s.labelOf(c, "alice").getLabelId());
            assertEquals(Taxonomies.CORRECT, s.labelOf(c, "bob").getLabelId());
            assertEquals(1, p.sheet("alice").getAnnotations().size());
        }
    }

    @Test
    void undoAndRedoGoThroughTheCommandStack() throws Exception {
        try (AnnotationProject p = Fixtures.project(dir, 2)) {
            LabelService s = new LabelService(p);
            Case c = p.findCase("d-2");
            s.setLabel(c, "alice", Taxonomies.WRONG_OBJECT, 1, "a", null);
            s.setLabel(c, "alice", Taxonomies.LANGUAGE_PRIOR, 0.4, "b", null);
            s.undo();
            assertEquals(Taxonomies.WRONG_OBJECT, s.labelOf(c, "alice").getLabelId());
            assertEquals("a", s.labelOf(c, "alice").getNote());
            assertEquals(1.0, s.labelOf(c, "alice").getConfidence());
            s.undo();
            assertNull(s.labelOf(c, "alice"));
            s.redo();
            s.redo();
            assertEquals(Taxonomies.LANGUAGE_PRIOR, s.labelOf(c, "alice").getLabelId());
            assertEquals(0.4, s.labelOf(c, "alice").getConfidence());
            assertFalse(s.canRedo());
            assertTrue(s.clearLabel(c, "alice"));
            assertNull(s.labelOf(c, "alice"));
            s.undo();
            assertEquals(Taxonomies.LANGUAGE_PRIOR, s.labelOf(c, "alice").getLabelId());
        }
    }

    @Test
    void unknownOrRetiredLabelsAndBadConfidenceAreRefused() throws Exception {
        try (AnnotationProject p = Fixtures.project(dir, 1)) {
            LabelService s = new LabelService(p);
            Case c = p.findCase("d-1");
            assertThrows(IllegalArgumentException.class, () -> s.setLabel(c, "a", "nonsense", 1, null, null));
            assertThrows(IllegalArgumentException.class, () -> s.setLabel(c, "a", Taxonomies.OTHER, 1.5, null, null));
            s.retireLabel(Taxonomies.OTHER, true);
            assertThrows(IllegalArgumentException.class, () -> s.setLabel(c, "a", Taxonomies.OTHER, 1, null, null));
            s.undo();
            s.setLabel(c, "a", Taxonomies.OTHER, 1, null, null);
        }
    }

    @Test
    void shortcutsAreUniqueAndFollowEdits() throws Exception {
        try (AnnotationProject p = Fixtures.project(dir, 1)) {
            LabelService s = new LabelService(p);
            Case c = p.findCase("d-1");
            assertEquals(Taxonomies.WRONG_OBJECT, s.setLabelByShortcut(c, "a", 3, null).getLabelId());
            s.addLabel("occlusion", "Object occluded", "the object is mostly hidden", 3);
            assertEquals(0, Taxonomies.find(p.model().getTaxonomy(), Taxonomies.WRONG_OBJECT).getShortcut());
            assertEquals("occlusion", s.setLabelByShortcut(c, "a", 3, null).getLabelId());
            s.setShortcut(Taxonomies.WRONG_OBJECT, 9);
            assertEquals(Taxonomies.WRONG_OBJECT, s.setLabelByShortcut(c, "a", 9, null).getLabelId());
            assertThrows(IllegalArgumentException.class, () -> s.addLabel("occlusion", "again", null, 0));
            assertThrows(IllegalArgumentException.class, () -> s.setShortcut("occlusion", 10));
            s.undo(); // label by key 9
            s.undo(); // key 9
            s.undo(); // label by key 3
            s.undo(); // add label: key 3 returns to wrong-object
            assertNull(Taxonomies.find(p.model().getTaxonomy(), "occlusion"));
            assertEquals(3, Taxonomies.find(p.model().getTaxonomy(), Taxonomies.WRONG_OBJECT).getShortcut());
        }
    }

    @Test
    void aLabelNeedsANameAndARefusedEditChangesNothing() throws Exception {
        try (AnnotationProject p = Fixtures.project(dir, 1)) {
            LabelService s = new LabelService(p);
            int labels = p.model().getTaxonomy().getLabels().size();
            var lastStep = p.commandStack().getUndoCommand();
            assertThrows(IllegalArgumentException.class, () -> s.addLabel("unnamed", " ", null, 0));
            assertThrows(IllegalArgumentException.class, () -> s.addLabel("Bad Id", "Bad", null, 0));
            assertThrows(IllegalArgumentException.class, () -> s.addLabel("nine", "Nine", null, 10));
            assertThrows(IllegalArgumentException.class, () -> s.renameLabel(Taxonomies.OTHER, "", "x"));
            assertEquals(labels, p.model().getTaxonomy().getLabels().size());
            assertEquals("Other", Taxonomies.find(p.model().getTaxonomy(), Taxonomies.OTHER).getName());
            assertSame(lastStep, p.commandStack().getUndoCommand(), "a refused edit must not reach the command stack");
        }
    }

    @Test
    void editingALabelIsOneStepAndARetiredLabelGetsNoKey() throws Exception {
        try (AnnotationProject p = Fixtures.project(dir, 1)) {
            LabelService s = new LabelService(p);
            var t = p.model().getTaxonomy();
            s.editLabel(Taxonomies.OTHER, "Something else", "explain in the note", 2);
            assertEquals("Something else", Taxonomies.find(t, Taxonomies.OTHER).getName());
            assertEquals(Taxonomies.OTHER, Taxonomies.byShortcut(t, 2).getId());
            assertEquals(0, Taxonomies.find(t, Taxonomies.TOO_FEW_PATCHES).getShortcut(), "key 2 moved away");
            s.undo();
            assertEquals("Other", Taxonomies.find(t, Taxonomies.OTHER).getName());
            assertEquals(8, Taxonomies.find(t, Taxonomies.OTHER).getShortcut());
            assertEquals(2, Taxonomies.find(t, Taxonomies.TOO_FEW_PATCHES).getShortcut());
            s.retireLabel(Taxonomies.AMBIGUOUS, true);
            assertThrows(IllegalArgumentException.class, () -> s.setShortcut(Taxonomies.AMBIGUOUS, 7));
            assertThrows(IllegalArgumentException.class, () -> s.editLabel(Taxonomies.AMBIGUOUS, "Ambiguous", null, 7));
            assertEquals(null, Taxonomies.byShortcut(t, 7), "the retired label's key stays free");
        }
    }

    @Test
    void modelOutputIsRecordedButNotUndoable() throws Exception {
        try (AnnotationProject p = Fixtures.project(dir, 1)) {
            LabelService s = new LabelService(p);
            Case c = p.findCase("d-1");
            p.commandStack().flush();
            s.setModelOutput(c, "No, it is on the right.", "No");
            assertEquals("No", c.getTargetToken());
            assertEquals("No, it is on the right.", c.getModelAnswer());
            assertFalse(s.canUndo(), "the model's answer is the application's record, not a user edit");
            assertTrue(p.isDirty(), "a system change must be saved");
        }
        try (AnnotationProject p = AnnotationProject.open(dir)) {
            assertEquals("No, it is on the right.", p.findCase("d-1").getModelAnswer());
        }
    }

    @Test
    void reviewStateIsTheLatestDecisionAndCommentsKeepIt() throws Exception {
        try (AnnotationProject p = Fixtures.project(dir, 1)) {
            LabelService s = new LabelService(p);
            Case c = p.findCase("d-1");
            assertEquals(ReviewState.NEW, s.reviewState(c));
            s.review(c, "alice", ReviewState.IN_PROGRESS, null);
            s.review(c, "alice", ReviewState.NEEDS_REVIEW, "please check the left bottle");
            Thread.sleep(5);
            s.review(c, "rita", ReviewState.REJECTED, "label does not match evidence");
            Thread.sleep(5);
            s.comment(c, "alice", "relabelled");
            assertEquals(ReviewState.REJECTED, s.reviewState(c));
            Thread.sleep(5);
            s.review(c, "rita", ReviewState.ACCEPTED, null);
            assertEquals(ReviewState.ACCEPTED, s.reviewState(c));
            s.undo();
            assertEquals(ReviewState.REJECTED, s.reviewState(c));
            assertEquals(List.of("alice", "alice", "rita", "alice"),
                    p.reviews(c).stream().map(e -> e.getReviewer()).toList());
        }
        try (AnnotationProject p = AnnotationProject.open(dir)) {
            assertEquals(ReviewState.REJECTED, new LabelService(p).reviewState(p.findCase("d-1")));
        }
    }

    @Test
    void autosaveWritesChangesInTheBackground() throws Exception {
        try (AnnotationProject p = Fixtures.project(dir, 3)) {
            Autosave auto = p.startAutosave(Duration.ofMillis(50), Duration.ofMillis(500));
            LabelService s = new LabelService(p);
            s.setLabel(p.findCase("d-3"), "alice", Taxonomies.AMBIGUOUS, 1, null, null);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (auto.saves() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(auto.saves() >= 1);
            assertFalse(p.isDirty());
            try (AnnotationProject other = AnnotationProject.open(dir)) {
                assertEquals(Taxonomies.AMBIGUOUS,
                        new LabelService(other).labelOf(other.findCase("d-3"), "alice").getLabelId());
            }
        }
    }

    /** Edits on one thread while autosave snapshots on its own: every label ends up on disk, none torn. */
    @Test
    void autosaveDuringContinuousEditsLosesNothing() throws Exception {
        try (AnnotationProject p = Fixtures.project(dir, 400)) {
            Autosave auto = p.startAutosave(Duration.ofMillis(1), Duration.ofMillis(5));
            LabelService s = new LabelService(p);
            int i = 0;
            for (Case c : List.copyOf(p.caseIndex().values())) {
                s.setLabel(c, "alice", ++i % 2 == 0 ? Taxonomies.CORRECT : Taxonomies.OTHER, 1, "n" + i, null);
            }
            auto.close();
            assertTrue(auto.saves() >= 1, "autosave ran while labelling");
            assertEquals(null, auto.lastError());
        }
        try (AnnotationProject p = AnnotationProject.open(dir)) {
            assertEquals(List.of(), p.recoveryNotes());
            assertEquals(400, p.sheet("alice").getAnnotations().size());
        }
    }
}
