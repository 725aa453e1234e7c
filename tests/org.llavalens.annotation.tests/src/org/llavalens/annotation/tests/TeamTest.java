package org.llavalens.annotation.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llavalens.annotation.AnnotationProject;
import org.llavalens.annotation.Autosave;
import org.llavalens.annotation.LabelService;
import org.llavalens.annotation.Taxonomies;
import org.llavalens.annotation.model.Case;
import org.llavalens.annotation.store.AtomicFiles;

/** One project shared by several writers (docs/team.md): merging, read-only opens, backups, damage, links, modes. */
class TeamTest {

    @TempDir
    Path dir;

    @TempDir
    Path outside;

    private static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    /** Every file under the folder with its content and modification time: what "nothing was written" means. */
    private static Map<String, String> state(Path root) throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.toList()) {
                if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                    m.put(root.relativize(f).toString(), Files.getLastModifiedTime(f).toMillis() + " "
                            + org.llavalens.annotation.store.Hashes.sha256(f));
                } else {
                    m.put(root.relativize(f).toString(), "dir or link");
                }
            }
        }
        return m;
    }

    @Test
    void twoProcessesMergeLabelsOfDifferentAnnotatorsAndProjectLevelChanges() throws Exception {
        Fixtures.project(dir, 3).close();
        try (AnnotationProject one = AnnotationProject.open(dir); AnnotationProject two = AnnotationProject.open(dir)) {
            LabelService s1 = new LabelService(one);
            LabelService s2 = new LabelService(two);
            s1.setLabel(one.findCase("d-1"), "alice", Taxonomies.CORRECT, 1, null, null);
            s1.setModelOutput(one.findCase("d-1"), "a bottle", "bottle");
            s2.setLabel(two.findCase("d-1"), "bob", Taxonomies.WRONG_OBJECT, 1, null, null);
            s2.setModelOutput(two.findCase("d-2"), "a cup", "cup");
            s2.addLabel("glare", "Glare", null, 9);
            one.save();
            two.save();
            one.save();
            for (AnnotationProject p : List.of(one, two)) {
                assertEquals("a bottle", p.findCase("d-1").getModelAnswer());
                assertEquals("a cup", p.findCase("d-2").getModelAnswer());
                assertEquals(2, p.annotations(p.findCase("d-1")).size(), "both annotators' labels in " + p);
                assertNotNull(Taxonomies.find(p.model().getTaxonomy(), "glare"));
                assertFalse(p.isDirty());
            }
        }
        try (AnnotationProject p = AnnotationProject.open(dir)) {
            assertEquals(2, p.annotations(p.findCase("d-1")).size());
            assertEquals("a cup", p.findCase("d-2").getModelAnswer());
        }
    }

    @Test
    void aWatchedProjectTakesInAnotherProcesssSaveWhileOpen() throws Exception {
        Fixtures.project(dir, 2).close();
        try (AnnotationProject open = AnnotationProject.open(dir)) {
            CountDownLatch merged = new CountDownLatch(1);
            open.addProjectListener(c -> {
                if (open.annotations(open.findCase("d-2")).stream().anyMatch(a -> a.getAnnotator().equals("bob"))) {
                    merged.countDown();
                }
            });
            Autosave a = open.startAutosave(Duration.ofMillis(50), Duration.ofMillis(200));
            a.watchFolder(Duration.ofMillis(200));
            try (AnnotationProject other = AnnotationProject.open(dir)) {
                new LabelService(other).setLabel(other.findCase("d-2"), "bob", Taxonomies.OTHER, 1, "elsewhere", null);
                other.save();
            }
            assertTrue(merged.await(60, TimeUnit.SECONDS), "the open project never took in the other save");
            assertEquals("elsewhere", new LabelService(open).labelOf(open.findCase("d-2"), "bob").getNote());
        }
    }

    @Test
    void autosaveAndABatchSaveRacingFor300RoundsLoseNothing() throws Exception {
        int rounds = 300;
        try (AnnotationProject p = Fixtures.project(dir, rounds)) {
            p.startAutosave(Duration.ZERO, Duration.ZERO);
            LabelService s = new LabelService(p);
            Thread batch = new Thread(() -> {
                try {
                    for (int i = 1; i <= rounds; i++) {
                        s.setModelOutput(p.findCase("d-" + i), "answer " + i, "t");
                        p.save();
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            batch.start();
            for (int i = 1; i <= rounds; i++) {
                s.setLabel(p.findCase("d-" + i), "alice", Taxonomies.CORRECT, 1, "edit " + i, null);
                if (i % 3 == 0) {
                    s.setLabel(p.findCase("d-" + i), "alice", Taxonomies.OTHER, 1, "edit " + i + " again", null);
                }
                Thread.yield();
            }
            batch.join();
        }
        try (AnnotationProject p = AnnotationProject.open(dir)) {
            LabelService s = new LabelService(p);
            int labels = 0;
            int answers = 0;
            for (int i = 1; i <= rounds; i++) {
                Case c = p.findCase("d-" + i);
                var a = s.labelOf(c, "alice");
                if (a != null && a.getNote().equals(i % 3 == 0 ? "edit " + i + " again" : "edit " + i)) {
                    labels++;
                }
                if (("answer " + i).equals(c.getModelAnswer())) {
                    answers++;
                }
            }
            System.out.printf("autosave vs batch save: %d rounds, %d of %d label edits and %d of %d answers on disk%n",
                    rounds, labels, rounds, answers, rounds);
            assertEquals(rounds, labels);
            assertEquals(rounds, answers);
        }
    }

    @Test
    void aReadOnlyOpenNeverWritesEvenWhenItHadToUseABackup() throws Exception {
        Fixtures.projectWithHalfWrittenFile(dir);
        Files.writeString(dir.resolve(".project.xmi.x.tmp"), "<left by a killed writer");
        Map<String, String> before = state(dir);
        try (AnnotationProject p = AnnotationProject.openReadOnly(dir)) {
            assertTrue(p.isReadOnly());
            assertEquals(3, p.caseIndex().size());
            assertTrue(p.recoveryNotes().get(0).contains("read-only"), p.recoveryNotes().toString());
            assertThrows(IOException.class, p::save);
        }
        assertEquals(before, state(dir), "a read-only open changed the project folder");
    }

    @Test
    void fiveBackupGenerationsAreKeptAndTheNewestReadableOneOpens() throws Exception {
        try (AnnotationProject p = Fixtures.project(dir, 1)) {
            LabelService s = new LabelService(p);
            for (int i = 1; i <= 8; i++) {
                s.setLabel(p.findCase("d-1"), "alice", Taxonomies.CORRECT, 1, "version " + i, null);
                p.save();
            }
        }
        Path sheet = dir.resolve("sheets/alice.xmi");
        assertEquals(5, AtomicFiles.backupsOf(sheet).size());
        assertFalse(Files.exists(dir.resolve("sheets/alice.xmi.bak.6")));
        assertTrue(read(AtomicFiles.backupOf(sheet, 1)).contains("version 7"));
        assertTrue(read(AtomicFiles.backupOf(sheet, 5)).contains("version 3"));
        Files.writeString(sheet, "<torn");
        Files.writeString(AtomicFiles.backupOf(sheet, 1), "<torn");
        try (AnnotationProject p = AnnotationProject.open(dir)) {
            assertEquals("version 6", new LabelService(p).labelOf(p.findCase("d-1"), "alice").getNote());
            assertTrue(p.recoveryNotes().get(0).contains("alice.xmi.bak.2"), p.recoveryNotes().toString());
        }
    }

    @Test
    void aDamagedSheetIsSetAsideAndTheRestOpens() throws Exception {
        try (AnnotationProject p = Fixtures.project(dir, 2)) {
            new LabelService(p).setLabel(p.findCase("d-1"), "alice", Taxonomies.CORRECT, 1, null, null);
            new LabelService(p).setLabel(p.findCase("d-1"), "bob", Taxonomies.OTHER, 1, null, null);
        }
        Files.writeString(dir.resolve("sheets/bob.xmi"), "<not a sheet");
        try (AnnotationProject p = AnnotationProject.open(dir)) {
            assertEquals(List.of("alice"), p.sheets().stream().map(s -> s.getPerson()).toList());
            String note = p.recoveryNotes().get(0);
            assertTrue(note.startsWith("sheet sheets/bob.xmi was set aside as sheets/bob.xmi.unreadable-"), note);
            assertFalse(Files.exists(dir.resolve("sheets/bob.xmi")));
            Path kept = dir.resolve(note.substring("sheet sheets/bob.xmi was set aside as ".length()).split(":")[0]);
            assertEquals("<not a sheet", read(kept), "the damaged file is kept for a person to look at");
        }
        try (AnnotationProject p = AnnotationProject.open(dir)) {
            assertEquals(List.of(), p.recoveryNotes(), "set aside once, the project opens cleanly");
        }
    }

    @Test
    void aProjectFileThatLinksOutOfTheProjectIsNeverRead() throws Exception {
        Fixtures.project(dir, 1).close();
        Path secret = outside.resolve("secret.xmi");
        Files.move(dir.resolve("project.xmi"), secret);
        Files.createSymbolicLink(dir.resolve("project.xmi"), secret);
        IOException e = assertThrows(IOException.class, () -> AnnotationProject.open(dir));
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
    }

    @Test
    void aSheetThatLinksOutOfTheProjectIsNeverRead() throws Exception {
        try (AnnotationProject p = Fixtures.project(dir, 1)) {
            new LabelService(p).setLabel(p.findCase("d-1"), "alice", Taxonomies.CORRECT, 1, "mine", null);
            new LabelService(p).setLabel(p.findCase("d-1"), "mallory", Taxonomies.CORRECT, 1, null, null);
        }
        Path secret = outside.resolve("mallory.xmi");
        Files.move(dir.resolve("sheets/mallory.xmi"), secret);
        Files.createSymbolicLink(dir.resolve("sheets/mallory.xmi"), secret);
        String content = read(secret);
        try (AnnotationProject p = AnnotationProject.open(dir)) {
            assertNull(p.sheets().stream().filter(s -> s.getPerson().equals("mallory")).findFirst().orElse(null));
            assertTrue(p.recoveryNotes().stream().anyMatch(n -> n.contains("mallory.xmi") && n.contains("symbolic link")),
                    p.recoveryNotes().toString());
            assertEquals(1, p.sheets().size());
        }
        assertEquals(content, read(secret), "the file outside is never touched");
    }

    @Test
    void anExportOntoOneOfTheProjectsOwnFilesIsRefused() throws Exception {
        try (AnnotationProject p = Fixtures.project(dir, 2)) {
            new LabelService(p).setLabel(p.findCase("d-1"), "alice", Taxonomies.CORRECT, 1, null, null);
        }
        Files.createSymbolicLink(outside.resolve("link.csv"), dir.resolve("project.xmi"));
        Files.createLink(outside.resolve("hard.csv"), dir.resolve("sheets/alice.xmi"));
        Map<String, String> before = state(dir);
        try (AnnotationProject p = AnnotationProject.openReadOnly(dir)) {
            for (Path target : List.of(dir.resolve("project.xmi"), dir.resolve("sheets/alice.xmi"),
                    dir.resolve("sheets/new.csv"), dir.resolve("project.xmi.bak"), outside.resolve("link.csv"),
                    outside.resolve("hard.csv"))) {
                IOException e = assertThrows(IOException.class,
                        () -> org.llavalens.annotation.io.Exporter.run(p, org.llavalens.annotation.io.Exporter.Format.CSV,
                                target, null), target.toString());
                assertTrue(e.getMessage().startsWith("refusing to export to "), e.getMessage());
            }
            org.llavalens.annotation.io.Exporter.run(p, org.llavalens.annotation.io.Exporter.Format.CSV,
                    outside.resolve("labels.csv"), null);
        }
        assertEquals(before, state(dir), "a refused export left the project as it was");
        assertTrue(read(outside.resolve("labels.csv")).contains("alice"));
        try (AnnotationProject p = AnnotationProject.open(dir)) {
            assertEquals(List.of(), p.recoveryNotes());
        }
    }

    @Test
    void savedFilesAndBackupsGetTheModeTheUmaskGives() throws Exception {
        for (String umask : List.of("022", "002")) {
            Path project = dir.resolve("umask-" + umask);
            Process p = ChildJvm.startWithUmask(umask, "create", project.toString(), "alice");
            String line = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8)).readLine();
            assertTrue(p.waitFor(2, TimeUnit.MINUTES));
            assertEquals("done", line);
            String expected = umask.equals("022") ? "rw-r--r--" : "rw-rw-r--";
            for (String f : List.of("project.xmi", "project.xmi.bak", "sheets/alice.xmi", "sheets/alice.xmi.bak",
                    ".llavalens.lock")) {
                assertEquals(expected, PosixFilePermissions.toString(Files.getPosixFilePermissions(project.resolve(f))),
                        f + " under umask " + umask);
            }
        }
    }
}
