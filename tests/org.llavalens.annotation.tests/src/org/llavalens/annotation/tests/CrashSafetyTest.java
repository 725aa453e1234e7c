package org.llavalens.annotation.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llavalens.annotation.AnnotationProject;
import org.llavalens.annotation.LabelService;
import org.llavalens.annotation.Taxonomies;
import org.llavalens.annotation.model.Annotation;
import org.llavalens.annotation.model.Sheet;

/**
 * Kills writer JVMs with SIGKILL at random moments of their saves and checks, after each kill, that
 * the project opens without repair and every file holds either the generation being saved or the one
 * before it, in full.
 */
class CrashSafetyTest {

    private static final int KILLS = Integer.getInteger("llavalens.test.kills", 40);
    private static final int CASES = 600;

    @TempDir
    Path dir;

    private static Set<String> notes(Sheet s) {
        Set<String> n = new HashSet<>();
        for (Annotation a : s.getAnnotations()) {
            n.add(a.getNote());
        }
        return n;
    }

    @Test
    void killingAWriterAtRandomMomentsNeverLosesOrTearsAFile() throws Exception {
        try (AnnotationProject p = Fixtures.project(dir, CASES)) {
            LabelService s = new LabelService(p);
            for (var c : p.caseIndex().values()) {
                s.setLabel(c, "kim", Taxonomies.CORRECT, 1, "0", null);
            }
            p.model().setName("g0");
        }
        Random random = new Random(20261126);
        int acknowledged = 0;
        int sheetAcknowledged = 0;
        int midSave = 0;
        long totalSaves = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            Process child = ChildJvm.start("generations", dir.toString(), "kim");
            AtomicInteger saving = new AtomicInteger(-1);
            AtomicInteger saved = new AtomicInteger(-1);
            int ready;
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine();
            assertTrue(first != null && first.startsWith("ready "), "worker did not start: " + first);
            ready = Integer.parseInt(first.substring(6));
            assertEquals(acknowledged, ready, "the reopened project holds the last acknowledged save");
            Thread reader = new Thread(() -> {
                try {
                    String line;
                    while ((line = out.readLine()) != null) {
                        if (line.startsWith("saving ")) {
                            saving.set(Integer.parseInt(line.substring(7)));
                        } else if (line.startsWith("saved ")) {
                            saved.set(Integer.parseInt(line.substring(6)));
                        }
                    }
                } catch (java.io.IOException e) {
                    // the child died
                }
            });
            reader.start();
            // let it run a random number of saves, then kill it at a random instant of the next one
            int target = ready + 1 + random.nextInt(4);
            while (saving.get() < target && child.isAlive()) {
                Thread.onSpinWait();
            }
            long delayMicros = random.nextInt(30_000);
            long until = System.nanoTime() + delayMicros * 1000;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            child.destroyForcibly();
            assertTrue(child.waitFor(60, TimeUnit.SECONDS));
            reader.join();
            int inFlight = saving.get();
            int done = saved.get() < 0 ? ready : saved.get();
            if (done < inFlight) {
                midSave++;
            }
            totalSaves += Math.max(0, done - ready);

            try (AnnotationProject p = AnnotationProject.open(dir)) {
                assertEquals(List.of(), p.recoveryNotes(), "an atomic save never needs the backup");
                int g = SaveWorker.projectGeneration(p);
                Set<String> notes = notes(p.sheet("kim"));
                assertEquals(1, notes.size(), "a sheet is never a mix of two saves: " + notes);
                int sheetG = Integer.parseInt(notes.iterator().next());
                assertEquals(CASES, p.sheet("kim").getAnnotations().size());
                assertTrue(g == done || g == inFlight, "project generation " + g + ", saved " + done + ", saving " + inFlight);
                // "saved" means both files were written; before any, the sheet keeps what it had
                int sheetDone = done > ready ? done : sheetAcknowledged;
                assertTrue(sheetG == sheetDone || sheetG == inFlight, "sheet generation " + sheetG + ", project " + g
                        + ", ready " + ready + ", saved " + done + ", saving " + inFlight);
                assertTrue(sheetG <= g, "the project file is written before the sheet");
                // killed between the two files, the next writer still starts from the project's generation
                acknowledged = g;
                sheetAcknowledged = sheetG;
            }
        }
        System.out.printf("crash test: %d kills, %d of them during a save, %d completed saves in the killed writers%n",
                KILLS, midSave, totalSaves);
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")));
        }
    }

    @Test
    void twoProcessesWritingOneProjectMergeAndReportWhatTheyBothChanged() throws Exception {
        Fixtures.project(dir, 150).close();
        Process a = ChildJvm.start("label", dir.toString(), "ann", Taxonomies.CORRECT);
        Process b = ChildJvm.start("label", dir.toString(), "ben", Taxonomies.WRONG_OBJECT);
        Process c1 = ChildJvm.start("label", dir.toString(), "cat", Taxonomies.OTHER);
        Process c2 = ChildJvm.start("label", dir.toString(), "cat", Taxonomies.AMBIGUOUS);
        int[] conflicts = new int[4];
        Process[] all = {a, b, c1, c2};
        for (int i = 0; i < all.length; i++) {
            String line = new BufferedReader(new InputStreamReader(all[i].getInputStream(), StandardCharsets.UTF_8)).readLine();
            assertTrue(all[i].waitFor(5, TimeUnit.MINUTES));
            assertEquals(0, all[i].exitValue());
            assertTrue(line != null && line.startsWith("done "), line);
            conflicts[i] = Integer.parseInt(line.substring(5));
        }
        assertEquals(0, conflicts[0] + conflicts[1], "different annotators never conflict");
        try (AnnotationProject p = AnnotationProject.open(dir)) {
            assertEquals(List.of(), p.recoveryNotes());
            assertEquals(150, p.sheet("ann").getAnnotations().size());
            assertEquals(150, p.sheet("ben").getAnnotations().size());
            assertEquals(150, p.sheet("cat").getAnnotations().size());
            // the same person in two processes: whatever one overwrote of the other is reported and kept beside
            Set<String> catLabels = new HashSet<>();
            p.sheet("cat").getAnnotations().forEach(x -> catLabels.add(x.getLabelId()));
            long copies;
            try (java.util.stream.Stream<Path> f = Files.list(dir.resolve("sheets"))) {
                copies = f.filter(x -> x.getFileName().toString().startsWith("cat.xmi.conflict-")).count();
            }
            System.out.printf("two writers as one person: %d + %d conflicting labels reported, %d conflict copies,"
                    + " their sheet holds %d labels of %s%n", conflicts[2], conflicts[3], copies,
                    p.sheet("cat").getAnnotations().size(), catLabels);
            assertTrue(catLabels.size() == 1 || conflicts[2] + conflicts[3] > 0 && copies > 0,
                    "without a conflict reported, one writer must have finished before the other began");
        }
    }
}
