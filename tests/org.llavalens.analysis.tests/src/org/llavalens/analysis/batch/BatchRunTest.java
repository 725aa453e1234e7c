package org.llavalens.analysis.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.emf.common.notify.Notification;
import org.eclipse.emf.common.notify.impl.AdapterImpl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llavalens.analysis.DemoProject;
import org.llavalens.annotation.AnnotationProject;
import org.llavalens.annotation.ModelRealm;
import org.llavalens.annotation.ResultAttachments;
import org.llavalens.annotation.model.Case;
import org.llavalens.attribution.method.MethodRegistry;
import org.llavalens.attribution.method.builtin.AverageAttentionMethod;
import org.llavalens.attribution.method.builtin.LogProbIncreaseMethod;
import org.llavalens.attribution.result.ResultJson;
import org.llavalens.runtime.model.LoadedModel;
import org.llavalens.runtime.model.ModelLoader;

/**
 * Batches over a project of demo scenes with the demo LLaVA: an interrupted batch resumes without
 * computing a finished case again, a result that is cut short or stale is computed again, and a case
 * with a corrupt image fails alone, with its error recorded.
 */
class BatchRunTest {

    private static final int SCENES = 4;

    @TempDir
    static Path shared;
    private static DemoProject demo;
    private static LoadedModel model;
    private static LoadedModel vicuna;

    @BeforeAll
    static void generate() throws Exception {
        demo = DemoProject.generate(shared.resolve("demo"), SCENES, true);
        model = ModelLoader.load(demo.llava);
        vicuna = ModelLoader.load(demo.vicuna);
    }

    @AfterAll
    static void close() {
        if (model != null) {
            model.close();
        }
        if (vicuna != null) {
            vicuna.close();
        }
    }

    private static BatchSettings settings() {
        return new BatchSettings(List.of(LogProbIncreaseMethod.ID, AverageAttentionMethod.ID), null, "top1", 3, false,
                Map.of());
    }

    /** A realm on a thread of its own, as the workbench's UI thread is. */
    private static final class ThreadRealm implements ModelRealm {
        private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-realm"));

        @Override
        public <T> T call(Supplier<T> body) {
            if (isCurrent()) {
                return body.get();
            }
            try {
                return CompletableFuture.supplyAsync(body, executor).join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }

        @Override
        public boolean isCurrent() {
            return "test-realm".equals(Thread.currentThread().getName());
        }
    }

    @Test
    void aBatchInAWorkerThreadChangesTheModelOnlyInTheProjectsRealm(@TempDir Path dir) throws Exception {
        ThreadRealm realm = new ThreadRealm();
        try (AnnotationProject p = demo.project(dir.resolve("p"))) {
            p.setRealm(realm);
            List<String> threads = java.util.Collections.synchronizedList(new ArrayList<>());
            for (Case c : p.caseIndex().values()) {
                c.eAdapters().add(new AdapterImpl() {
                    @Override
                    public void notifyChanged(Notification msg) {
                        threads.add(Thread.currentThread().getName());
                    }
                });
            }
            BatchRun.Summary s = new BatchRun(p, model, null, MethodRegistry.builtIns(), settings()).run(2, null, null);
            assertEquals(2, s.computed());
            assertTrue(threads.size() >= 2 * 2, "a result link and the model answer per case: " + threads);
            assertEquals(List.of("test-realm"), threads.stream().distinct().toList(),
                    "the batch changed a case outside the realm");
        } finally {
            realm.executor.shutdownNow();
        }
    }

    /** Counts computed cases per id across runs, and cancels the run after {@code cancelAfter} computed ones. */
    private static final class Recorder implements BatchListener {
        final Map<String, Integer> computed = new HashMap<>();
        final List<Outcome> outcomes = new ArrayList<>();
        final List<Progress> progress = new ArrayList<>();
        final NullProgressMonitor monitor = new NullProgressMonitor();
        int cancelAfter = Integer.MAX_VALUE;
        int computedThisRun;

        @Override
        public void caseFinished(Outcome outcome, Progress p) {
            outcomes.add(outcome);
            progress.add(p);
            if (outcome.state() == State.COMPUTED) {
                computed.merge(outcome.caseId(), 1, Integer::sum);
                if (++computedThisRun >= cancelAfter) {
                    monitor.setCanceled(true);
                }
            }
        }

        void reset() {
            computedThisRun = 0;
            cancelAfter = Integer.MAX_VALUE;
            monitor.setCanceled(false);
            outcomes.clear();
            progress.clear();
        }
    }

    @Test
    void anInterruptedBatchResumesWithoutComputingAFinishedCaseTwice(@TempDir Path dir) throws Exception {
        Path projectDir = dir.resolve("p");
        Recorder rec = new Recorder();
        Map<String, byte[]> firstResults = new HashMap<>();
        String resultId;
        try (AnnotationProject p = demo.project(projectDir)) {
            assertEquals(SCENES, p.caseIndex().size());
            BatchRun run = new BatchRun(p, model, null, MethodRegistry.builtIns(), settings());
            resultId = run.resultId();
            rec.cancelAfter = 2;
            p.commandStack().flush();
            BatchRun.Summary s = run.run(0, rec, rec.monitor);
            assertTrue(s.cancelled());
            assertEquals(2, s.computed());
            assertFalse(p.commandStack().canUndo(), "the batch's links and answers are system changes, not user edits");
            for (Case c : p.caseIndex().values()) {
                Path f = p.paths().resolve(ResultAttachments.folderOf(c) + "/" + resultId + ".json");
                if (rec.computed.containsKey(c.getId())) {
                    firstResults.put(c.getId(), Files.readAllBytes(f));
                } else {
                    assertFalse(Files.exists(f), c.getId() + " was not analysed yet");
                }
            }
            assertEquals(2, firstResults.size());
        }
        // a new process: the project is read back from disk
        rec.reset();
        try (AnnotationProject p = AnnotationProject.open(projectDir)) {
            // as if the process had died after writing a result but before saving the project file
            Case lost = p.findCase(firstResults.keySet().iterator().next());
            p.execute(new org.eclipse.emf.edit.command.RemoveCommand(p.editingDomain(), lost,
                    org.llavalens.annotation.model.AnnotationPackage.eINSTANCE.getCase_Results(),
                    List.copyOf(lost.getResults())));
            assertEquals(0, lost.getResults().size());
            BatchRun.Summary s = new BatchRun(p, model, null, MethodRegistry.builtIns(), settings()).run(0, rec, null);
            assertFalse(s.cancelled());
            assertEquals(2, s.computed());
            assertEquals(2, s.skipped());
            assertEquals(0, s.failed());
            BatchListener.Progress last = rec.progress.get(rec.progress.size() - 1);
            assertEquals(SCENES, last.done());
            assertEquals(SCENES, last.total());
            assertTrue(last.casesPerSecond() > 0);
            for (Case c : p.caseIndex().values()) {
                assertEquals(1, rec.computed.get(c.getId()), c.getId() + " computed once over both runs");
                Path f = p.paths().resolve(ResultAttachments.folderOf(c) + "/" + resultId + ".json");
                if (firstResults.containsKey(c.getId())) {
                    assertTrue(java.util.Arrays.equals(firstResults.get(c.getId()), Files.readAllBytes(f)),
                            c.getId() + "'s first result is kept as it was");
                }
                assertEquals(1, c.getResults().stream().filter(r -> r.getId().equals(resultId)).count(),
                        c.getId() + " links its result once");
                assertNotNull(c.getModelAnswer());
                var link = c.getResults().stream().filter(r -> r.getId().equals(resultId)).findFirst().orElseThrow();
                assertEquals(2, link.getHeatmaps().size(), "one heatmap per image method");
                for (String h : link.getHeatmaps()) {
                    assertTrue(Files.size(p.paths().resolve(h)) > 0, h);
                }
                assertEquals(c.getExpectedAnswer(), c.getTargetToken(), "the demo model answers " + c.getId() + " right");
                assertEquals(ResultJson.read(f).target().text(), c.getTargetToken());
            }
            Map<String, BatchStatus.Entry> status = BatchStatus.read(s.statusFile());
            assertEquals(SCENES, status.size());
            status.values().forEach(e -> {
                assertEquals("done", e.state());
                assertEquals(1, e.attempts());
            });
        }
        // a result cut short (as a non-atomic writer killed mid-file would leave it) is computed again;
        // so is the whole batch under other settings, which are kept apart
        rec.reset();
        try (AnnotationProject p = AnnotationProject.open(projectDir)) {
            Case first = p.caseIndex().values().iterator().next();
            Path f = p.paths().resolve(ResultAttachments.folderOf(first) + "/" + resultId + ".json");
            byte[] bytes = Files.readAllBytes(f);
            Files.write(f, java.util.Arrays.copyOf(bytes, bytes.length / 2));
            BatchRun.Summary s = new BatchRun(p, model, null, MethodRegistry.builtIns(), settings()).run(0, rec, null);
            assertEquals(1, s.computed());
            assertEquals(SCENES - 1, s.skipped());
            assertEquals(2, rec.computed.get(first.getId()));
            assertEquals(2, BatchStatus.read(s.statusFile()).get(first.getId()).attempts());
            assertEquals(1, first.getResults().stream().filter(r -> r.getId().equals(resultId)).count());

            BatchSettings other = new BatchSettings(List.of(LogProbIncreaseMethod.ID), null, "topK:2", 0, false, Map.of());
            rec.reset();
            BatchRun.Summary o = new BatchRun(p, model, null, MethodRegistry.builtIns(), other).run(2, rec, null);
            assertEquals(2, o.computed());
            assertFalse(o.statusFile().equals(s.statusFile()));
        }
    }

    @Test
    void aCaseWithACorruptImageFailsAloneAndIsRecorded(@TempDir Path dir) throws Exception {
        Path projectDir = dir.resolve("p");
        Recorder rec = new Recorder();
        String broken;
        try (AnnotationProject p = demo.project(projectDir)) {
            Case c = new ArrayList<>(p.caseIndex().values()).get(1);
            broken = c.getId();
            Files.write(p.imageFile(c), "not a PNG at all".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            BatchRun.Summary s = new BatchRun(p, model, null, MethodRegistry.builtIns(), settings()).run(0, rec, null);
            assertEquals(SCENES - 1, s.computed());
            assertEquals(1, s.failed());
            assertEquals(BatchListener.State.FAILED, rec.outcomes.get(1).state());
            assertEquals(broken, rec.outcomes.get(1).caseId());
            assertEquals(BatchListener.State.COMPUTED, rec.outcomes.get(2).state(), "the batch went on");
            Map<String, BatchStatus.Entry> status = BatchStatus.read(s.statusFile());
            assertEquals("failed", status.get(broken).state());
            assertNotNull(status.get(broken).error());
            assertFalse(status.get(broken).error().isBlank());
            assertEquals(0, c.getResults().size());
            for (Case other : p.caseIndex().values()) {
                if (!other.getId().equals(broken)) {
                    assertEquals("done", status.get(other.getId()).state());
                    assertEquals(1, other.getResults().size());
                }
            }
        }
        // a failed case is not finished: the next run tries it again, and only it
        rec.reset();
        try (AnnotationProject p = AnnotationProject.open(projectDir)) {
            BatchRun.Summary s = new BatchRun(p, model, null, MethodRegistry.builtIns(), settings()).run(0, rec, null);
            assertEquals(0, s.computed());
            assertEquals(SCENES - 1, s.skipped());
            assertEquals(1, s.failed());
            assertEquals(2, BatchStatus.read(s.statusFile()).get(broken).attempts());
        }
    }

    @Test
    void withATextModelBothResultsAreKeptAndResumed(@TempDir Path dir) throws Exception {
        Path projectDir = dir.resolve("p");
        try (AnnotationProject p = demo.project(projectDir)) {
            BatchRun run = new BatchRun(p, model, vicuna, MethodRegistry.builtIns(), settings());
            BatchRun.Summary s = run.run(2, new Recorder(), null);
            assertEquals(2, s.computed());
            assertEquals(0, s.failed());
            for (Case c : new ArrayList<>(p.caseIndex().values()).subList(0, 2)) {
                assertEquals(2, c.getResults().size());
                var text = ResultJson.read(p.paths().resolve(ResultAttachments.folderOf(c) + "/" + run.textResultId() + ".json"));
                assertEquals(null, text.provenance().imageHash());
                assertEquals(List.of(LogProbIncreaseMethod.ID), text.methods().stream().map(m -> m.methodId()).toList(),
                        "image maps are not asked of a text-only model");
                assertFalse(text.methods().get(0).failed());
            }
        }
        try (AnnotationProject p = AnnotationProject.open(projectDir)) {
            BatchRun.Summary s = new BatchRun(p, model, vicuna, MethodRegistry.builtIns(), settings()).run(2,
                    new Recorder(), null);
            assertEquals(0, s.computed());
            assertEquals(2, s.skipped());
        }
    }
}
