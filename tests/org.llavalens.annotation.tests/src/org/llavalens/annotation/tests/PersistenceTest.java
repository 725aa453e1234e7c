package org.llavalens.annotation.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llavalens.annotation.AnnotationProject;
import org.llavalens.annotation.EvidenceSpec;
import org.llavalens.annotation.LabelService;
import org.llavalens.annotation.SaveConflict;
import org.llavalens.annotation.Taxonomies;
import org.llavalens.annotation.model.Annotation;
import org.llavalens.annotation.model.Case;
import org.llavalens.annotation.store.AtomicFiles;

class PersistenceTest {

    @TempDir
    Path dir;

    private static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    @Test
    void aProjectRoundTripsWithLabelsEvidenceAndTaxonomy() throws Exception {
        try (AnnotationProject p = Fixtures.project(dir, 5)) {
            LabelService s = new LabelService(p);
            Case c = p.findCase("d-2");
            s.setLabel(c, "alice", Taxonomies.WRONG_OBJECT, 0.75, "the right bottle is attended",
                    new EvidenceSpec("r-17", java.util.Map.of("method", "logprob-increase", "layers", "0-31"),
                            List.of(3, 17, 400), List.of(new EvidenceSpec.Head(12, 7))));
            s.setLabel(c, "bob", Taxonomies.LANGUAGE_PRIOR, 1.0, null, null);
            s.renameLabel(Taxonomies.OTHER, "Something else", "explain");
        }
        assertTrue(Files.exists(dir.resolve("sheets/alice.xmi")));
        assertTrue(Files.exists(dir.resolve("sheets/bob.xmi")));
        try (AnnotationProject p = AnnotationProject.open(dir)) {
            assertEquals(List.of(), p.recoveryNotes());
            assertEquals(5, p.caseIndex().size());
            assertEquals("Something else", Taxonomies.find(p.model().getTaxonomy(), Taxonomies.OTHER).getName());
            List<Annotation> anns = p.annotations(p.findCase("d-2"));
            assertEquals(2, anns.size());
            Annotation a = anns.stream().filter(x -> x.getAnnotator().equals("alice")).findFirst().orElseThrow();
            assertEquals(Taxonomies.WRONG_OBJECT, a.getLabelId());
            assertEquals(0.75, a.getConfidence());
            assertEquals("the right bottle is attended", a.getNote());
            assertNotNull(a.getTime());
            assertEquals("r-17", a.getEvidence().getResultId());
            assertEquals(List.of(3, 17, 400), a.getEvidence().getPatches());
            assertEquals(12, a.getEvidence().getHeads().get(0).getLayer());
            assertEquals(7, a.getEvidence().getHeads().get(0).getHead());
            assertEquals(2, a.getEvidence().getSettings().size());
        }
    }

    @Test
    void theDefaultTaxonomyHasStableIdsAndShortcutsOneToEight() throws Exception {
        try (AnnotationProject p = AnnotationProject.create(dir, "t")) {
            var labels = p.model().getTaxonomy().getLabels();
            assertEquals(List.of("correct", "too-few-patches", "wrong-object", "spatial-relation",
                    "attribute-misread", "language-prior", "ambiguous", "other"),
                    labels.stream().map(l -> l.getId()).toList());
            assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8), labels.stream().map(l -> l.getShortcut()).toList());
            assertTrue(read(dir.resolve(".gitignore")).contains(".llavalens.lock"));
        }
    }

    @Test
    void eachSaveKeepsThePreviousVersionAsBackup() throws Exception {
        try (AnnotationProject p = Fixtures.project(dir, 3)) {
            LabelService s = new LabelService(p);
            s.setLabel(p.findCase("d-1"), "alice", Taxonomies.CORRECT, 1, "first", null);
            p.save();
            String first = read(dir.resolve("sheets/alice.xmi"));
            s.setLabel(p.findCase("d-1"), "alice", Taxonomies.OTHER, 1, "second", null);
            p.save();
            assertEquals(first, read(dir.resolve("sheets/alice.xmi.bak")));
            assertTrue(read(dir.resolve("sheets/alice.xmi")).contains("second"));
            try (Stream<Path> files = Files.list(dir.resolve("sheets"))) {
                assertFalse(files.anyMatch(AtomicFiles::isTemporary));
            }
        }
    }

    @Test
    void theFileIsLineOrientedForDiffs() throws Exception {
        try (AnnotationProject p = Fixtures.project(dir, 3)) {
            assertTrue(read(dir.resolve("project.xmi")).lines().count() > 20);
        }
    }

    @Test
    void aCorruptProjectFileIsReplacedByItsBackupAndTheUserIsTold() throws Exception {
        Fixtures.projectWithHalfWrittenFile(dir);
        try (AnnotationProject p = AnnotationProject.open(dir)) {
            assertEquals(1, p.recoveryNotes().size());
            assertTrue(p.recoveryNotes().get(0).contains("unreadable"), p.recoveryNotes().get(0));
            assertEquals(3, p.caseIndex().size(), "the backup is the version before the last save");
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().startsWith("project.xmi.unreadable-")));
        }
        try (AnnotationProject p = AnnotationProject.open(dir)) {
            assertEquals(List.of(), p.recoveryNotes(), "closing wrote the recovered state back");
        }
    }

    @Test
    void aMissingSheetIsRecoveredFromItsBackup() throws Exception {
        try (AnnotationProject p = Fixtures.project(dir, 3)) {
            LabelService s = new LabelService(p);
            s.setLabel(p.findCase("d-1"), "alice", Taxonomies.CORRECT, 1, null, null);
            p.save();
            s.setLabel(p.findCase("d-2"), "alice", Taxonomies.CORRECT, 1, null, null);
            p.save();
        }
        Files.delete(dir.resolve("sheets/alice.xmi"));
        try (AnnotationProject p = AnnotationProject.open(dir)) {
            assertEquals(1, p.recoveryNotes().size());
            assertTrue(p.recoveryNotes().get(0).contains("missing"));
            assertEquals(1, p.sheet("alice").getAnnotations().size());
        }
    }

    @Test
    void bothFilesUnreadableIsAClearError() throws Exception {
        Fixtures.project(dir, 1).close();
        Files.writeString(dir.resolve("project.xmi"), "<broken");
        Files.writeString(dir.resolve("project.xmi.bak"), "<broken too");
        IOException e = assertThrows(IOException.class, () -> AnnotationProject.open(dir));
        assertTrue(e.getMessage().contains("backups are all unreadable"), e.getMessage());
    }

    @Test
    void leftoversOfAnInterruptedSaveAreRemovedOnOpen() throws Exception {
        Fixtures.project(dir, 1).close();
        Path tmp = dir.resolve(".project.xmi.12345.tmp");
        Files.writeString(tmp, "<half");
        try (AnnotationProject p = AnnotationProject.open(dir)) {
            assertFalse(Files.exists(tmp));
            assertEquals(List.of(), p.recoveryNotes());
        }
    }

    @Test
    void aFileRewrittenByAnotherWriterIsMergedAndAConflictKeepsBothVersions() throws Exception {
        Fixtures.project(dir, 3).close();
        try (AnnotationProject one = AnnotationProject.open(dir); AnnotationProject two = AnnotationProject.open(dir)) {
            List<SaveConflict> told = new java.util.concurrent.CopyOnWriteArrayList<>();
            two.addConflictListener(told::add);
            new LabelService(one).setLabel(one.findCase("d-1"), "alice", Taxonomies.CORRECT, 1, "one", null);
            new LabelService(one).setLabel(one.findCase("d-2"), "alice", Taxonomies.CORRECT, 1, "one only", null);
            one.save();
            // the same label changed differently here, and one the other process never touched
            new LabelService(two).setLabel(two.findCase("d-1"), "alice", Taxonomies.OTHER, 1, "two", null);
            new LabelService(two).setLabel(two.findCase("d-3"), "alice", Taxonomies.OTHER, 1, "two only", null);
            two.save();
            assertEquals(1, told.size(), "the conflict is told, not dropped");
            SaveConflict c = told.get(0);
            assertEquals("sheets/alice.xmi", c.file());
            assertEquals(List.of("Annotation d-1"), c.items());
            assertTrue(read(dir.resolve(c.copy())).contains("\"one\""), "the other version is kept whole beside");
            String merged = read(dir.resolve("sheets/alice.xmi"));
            assertTrue(merged.contains("\"two\"") && merged.contains("one only") && merged.contains("two only"), merged);
            assertEquals("one only", new LabelService(two).labelOf(two.findCase("d-2"), "alice").getNote(),
                    "the live model took in the other process's label");
            assertFalse(two.isDirty());
        }
        try (AnnotationProject p = AnnotationProject.open(dir)) {
            assertEquals(3, p.sheet("alice").getAnnotations().size());
        }
    }

    @Test
    void personNamesCannotEscapeTheSheetsFolder() throws Exception {
        try (AnnotationProject p = Fixtures.project(dir, 1)) {
            new LabelService(p).setLabel(p.findCase("d-1"), "../../evil/x", Taxonomies.CORRECT, 1, null, null);
            new LabelService(p).setLabel(p.findCase("d-1"), "Zoë Ng", Taxonomies.CORRECT, 1, null, null);
        }
        try (Stream<Path> files = Files.list(dir.resolve("sheets"))) {
            List<String> names = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".xmi")).sorted().toList();
            assertEquals(List.of("%2E.%2F..%2Fevil%2Fx.xmi", "Zo%C3%AB%20Ng.xmi"), names);
        }
        try (AnnotationProject p = AnnotationProject.open(dir)) {
            assertNotNull(p.sheets().stream().filter(s -> s.getPerson().equals("Zoë Ng")).findFirst().orElse(null));
        }
    }

    @Test
    void savingAThousandCaseProjectIsMeasured() throws Exception {
        long t0 = System.nanoTime();
        try (AnnotationProject p = AnnotationProject.create(dir, "big")) {
            Fixtures.addDataset(p, "big", 1000);
            LabelService s = new LabelService(p);
            for (int i = 1; i <= 1000; i++) {
                s.setLabel(p.findCase("big-" + i), "alice", i % 2 == 0 ? Taxonomies.CORRECT : Taxonomies.WRONG_OBJECT,
                        0.5, "note " + i, new EvidenceSpec("r" + i, java.util.Map.of("method", "lpi"), List.of(i % 576),
                                List.of(new EvidenceSpec.Head(i % 32, i % 32))));
            }
            long t1 = System.nanoTime();
            int files = p.save();
            long t2 = System.nanoTime();
            assertEquals(2, files);
            System.out.printf("1000-case project: first save of project + sheet %.1f ms (%d KB + %d KB); labelling took %.0f ms%n",
                    (t2 - t1) / 1e6, Files.size(dir.resolve("project.xmi")) / 1024,
                    Files.size(dir.resolve("sheets/alice.xmi")) / 1024, (t1 - t0) / 1e6);
            s.setLabel(p.findCase("big-1"), "alice", Taxonomies.OTHER, 1, null, null);
            long t3 = System.nanoTime();
            assertEquals(1, p.save(), "only the changed sheet is written");
            System.out.printf("1000-case project: save after one label %.1f ms%n", (System.nanoTime() - t3) / 1e6);
        }
        long t4 = System.nanoTime();
        try (AnnotationProject p = AnnotationProject.open(dir)) {
            System.out.printf("1000-case project: open %.1f ms%n", (System.nanoTime() - t4) / 1e6);
            assertEquals(1000, p.sheet("alice").getAnnotations().size());
            assertEquals(Taxonomies.OTHER, new LabelService(p).labelOf(p.findCase("big-1"), "alice").getLabelId());
        }
    }
}
