package org.llavalens.annotation.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llavalens.annotation.AnnotationProject;
import org.llavalens.annotation.LabelService;
import org.llavalens.annotation.model.Annotation;
import org.llavalens.annotation.model.Case;

/**
 * Two writer JVMs share one project, as one annotator on two machines: each labels its own half of
 * the cases in the same sheet and records a model answer on each (a project-level write), while this
 * JVM kills them with SIGKILL at random moments, aimed at their saves, and restarts them. At the end
 * every label a writer acknowledged as saved must be in the project, with its model answer.
 */
class TeamStressTest {

    private static final int ROUNDS = Integer.getInteger("llavalens.test.stressRounds", 120);
    private static final int KILLS = Integer.getInteger("llavalens.test.stressKills", 30);
    private static final String PERSON = "kim";

    @TempDir
    Path dir;

    /** One writer process (restarted after each kill) and what it printed. */
    private static final class Writer {
        final int parity;
        final Set<Integer> acked = ConcurrentHashMap.newKeySet();
        final List<String> conflicts = new java.util.concurrent.CopyOnWriteArrayList<>();
        Process process;
        Thread reader;
        volatile String last = "";
        volatile boolean finished;

        Writer(int parity) {
            this.parity = parity;
        }

        void start(Path dir) throws IOException {
            last = "";
            process = ChildJvm.start("rounds", dir.toString(), PERSON, Integer.toString(parity), Integer.toString(ROUNDS));
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            reader = new Thread(() -> {
                try {
                    String line;
                    while ((line = out.readLine()) != null) {
                        if (line.startsWith("ack ")) {
                            acked.add(Integer.parseInt(line.substring(4)));
                        } else if (line.startsWith("conflict ")) {
                            conflicts.add(line);
                        } else if (line.equals("finished")) {
                            finished = true;
                        }
                        last = line;
                    }
                } catch (IOException e) {
                    // killed
                }
            });
            reader.start();
        }

        /** Kills it and says whether it died inside a save (it had said "saving" and not yet "ack"). */
        boolean kill() throws InterruptedException {
            process.destroyForcibly();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS));
            reader.join();
            return last.startsWith("saving ");
        }
    }

    @Test
    void twoWriterProcessesKilledAtRandomLoseNoAcknowledgedLabel() throws Exception {
        Fixtures.project(dir, 2 * ROUNDS).close();
        Writer[] writers = {new Writer(0), new Writer(1)};
        for (Writer w : writers) {
            w.start(dir);
        }
        Random random = new Random(20261204);
        int kills = 0;
        int killsDuringSave = 0;
        while (kills < KILLS && !(writers[0].finished && writers[1].finished)) {
            Writer w = writers[random.nextInt(2)];
            if (w.finished) {
                continue;
            }
            // wait for its next save to begin, then kill it a random instant later (often inside the save)
            String seen = w.last;
            while (w.process.isAlive() && !w.finished && (w.last.equals(seen) || !w.last.startsWith("saving "))) {
                Thread.sleep(1);
            }
            if (w.finished) {
                continue;
            }
            long until = System.nanoTime() + random.nextInt(40_000) * 1000L;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            kills++;
            if (w.kill()) {
                killsDuringSave++;
            }
            w.start(dir);
        }
        for (Writer w : writers) {
            assertTrue(w.process.waitFor(5, TimeUnit.MINUTES), "a writer did not finish");
            w.reader.join();
            assertEquals(0, w.process.exitValue());
            assertTrue(w.finished);
            assertEquals(List.of(), w.conflicts, "the writers label different cases: nothing conflicts");
        }

        int acknowledged = 0;
        int found = 0;
        List<String> missing = new ArrayList<>();
        try (AnnotationProject p = AnnotationProject.open(dir)) {
            assertEquals(List.of(), p.recoveryNotes(), "every file parses; no backup was needed");
            LabelService s = new LabelService(p);
            for (Writer w : writers) {
                for (int i : w.acked) {
                    acknowledged++;
                    Case c = p.findCase(SaveWorker.roundCase(w.parity, i));
                    Annotation a = s.labelOf(c, PERSON);
                    if (a != null && ("r" + i).equals(a.getNote())
                            && SaveWorker.roundAnswer(PERSON, w.parity, i).equals(c.getModelAnswer())) {
                        found++;
                    } else {
                        missing.add(c.getId());
                    }
                }
            }
            assertEquals(2 * ROUNDS, p.sheet(PERSON).getAnnotations().size(), "both writers finished every round");
        }
        System.out.printf("team stress: %d rounds by 2 writer JVMs, %d kills, %d of them during a save; %d labels"
                + " acknowledged, %d found%n", 2 * ROUNDS, kills, killsDuringSave, acknowledged, found);
        assertEquals(List.of(), missing, "acknowledged labels missing");
        assertEquals(acknowledged, found);
        assertTrue(killsDuringSave > 0, "no kill landed inside a save: the test did not test anything");
        try (Stream<Path> files = Stream.concat(Files.list(dir), Files.list(dir.resolve("sheets")))) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().contains(".conflict-")));
        }
    }
}
