package org.llavalens.annotation.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.eclipse.emf.common.notify.Notification;
import org.eclipse.emf.common.notify.impl.AdapterImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llavalens.annotation.AnnotationProject;
import org.llavalens.annotation.CaseSnapshot;
import org.llavalens.annotation.LabelService;
import org.llavalens.annotation.ModelRealm;
import org.llavalens.annotation.ProjectListener;
import org.llavalens.annotation.ResultAttachments;
import org.llavalens.annotation.Taxonomies;
import org.llavalens.annotation.model.Case;

/**
 * Every model write runs in the project's realm, and the application's own records (attached
 * results, the model's answer) are saved system changes that Undo leaves alone.
 */
class ModelRealmTest {

    @TempDir
    Path dir;

    private ExecutorService realmThread;
    private SingleThreadRealm realm;

    /** A realm on one thread of its own, as the workbench's UI thread is. */
    private static final class SingleThreadRealm implements ModelRealm {
        private final ExecutorService executor;
        private volatile Thread thread;

        SingleThreadRealm(ExecutorService executor) throws Exception {
            this.executor = executor;
            executor.submit(() -> thread = Thread.currentThread()).get();
        }

        @Override
        public <T> T call(Supplier<T> body) {
            if (isCurrent()) {
                return body.get();
            }
            try {
                return executor.submit(body::get).get(1, TimeUnit.MINUTES);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public boolean isCurrent() {
            return Thread.currentThread() == thread;
        }
    }

    /** Records the thread of every notification of a model object. */
    private static final class ThreadRecorder extends AdapterImpl {
        final List<Thread> threads = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void notifyChanged(Notification msg) {
            threads.add(Thread.currentThread());
        }
    }

    @BeforeEach
    void realm() throws Exception {
        realmThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-realm"));
        realm = new SingleThreadRealm(realmThread);
    }

    @AfterEach
    void stop() {
        realmThread.shutdownNow();
    }

    private Path resultJson(String id) throws Exception {
        Path f = dir.resolve("incoming-" + id + ".json");
        Files.writeString(f, "{\"id\": \"" + id + "\", \"method\": \"logprob-increase\"}", StandardCharsets.UTF_8);
        return f;
    }

    @Test
    void writesFromAnotherThreadRunInTheRealm() throws Exception {
        try (AnnotationProject p = Fixtures.project(dir, 2)) {
            p.setRealm(realm);
            Case c = p.findCase("d-1");
            ThreadRecorder onCase = new ThreadRecorder();
            realm.run(() -> c.eAdapters().add(onCase));
            LabelService s = new LabelService(p);
            Path json = resultJson("r1");
            ExecutorService job = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-job"));
            try {
                job.submit(() -> {
                    s.setModelOutput(c, "No", "No");
                    ResultAttachments.attach(p, c, json, List.of(), null);
                    s.setLabel(c, "alice", Taxonomies.WRONG_OBJECT, 1, null, null);
                    s.undo();
                    return null;
                }).get(1, TimeUnit.MINUTES);
            } finally {
                job.shutdownNow();
            }
            assertEquals(3, onCase.threads.size(), "model answer, target token and result link: " + onCase.threads);
            for (Thread t : onCase.threads) {
                assertSame(realm.thread, t, "a write ran on " + t.getName());
            }
            assertNull(s.labelOf(c, "alice"));
            assertEquals("No", c.getModelAnswer());
        }
    }

    @Test
    void aWriteWhileHoldingTheModelLockOutsideTheRealmIsRefusedNotDeadlocked() throws Exception {
        try (AnnotationProject p = Fixtures.project(dir, 1)) {
            p.setRealm(realm);
            Case c = p.findCase("d-1");
            p.modelLock().lock();
            try {
                assertThrows(IllegalStateException.class, () -> new LabelService(p).setModelOutput(c, "No", "No"));
            } finally {
                p.modelLock().unlock();
            }
            assertEquals("Yes", c.getModelAnswer());
        }
    }

    @Test
    void systemChangesAreSavedAndNotUndoable() throws Exception {
        try (AnnotationProject p = Fixtures.project(dir, 1)) {
            p.commandStack().flush();
            LabelService s = new LabelService(p);
            Case c = p.findCase("d-1");
            s.setLabel(c, "alice", Taxonomies.WRONG_OBJECT, 1, null, null);
            ResultAttachments.attach(p, c, resultJson("r1"), List.of(), null);
            s.setModelOutput(c, "No, it is on the right.", "No");
            assertEquals(1, c.getResults().size());
            s.undo();
            assertNull(s.labelOf(c, "alice"), "undo takes back the user's label");
            assertFalse(s.canUndo(), "the result link and the model answer are not on the undo stack");
            assertEquals(1, c.getResults().size(), "undo must leave the attached result");
            assertEquals("No, it is on the right.", c.getModelAnswer(), "undo must leave the model's answer");
            p.save();
        }
        String xmi = Files.readString(dir.resolve(AnnotationProject.PROJECT_FILE), StandardCharsets.UTF_8);
        assertTrue(xmi.contains("results/d-1/r1.json"), "the result link is not on disk");
        try (AnnotationProject p = AnnotationProject.open(dir)) {
            Case c = p.findCase("d-1");
            assertEquals("No, it is on the right.", c.getModelAnswer());
            assertEquals("No", c.getTargetToken());
            assertEquals("r1", c.getResults().get(0).getId());
            assertNull(new LabelService(p).labelOf(c, "alice"));
        }
    }

    @Test
    void aSystemChangeWakesTheAutosave() throws Exception {
        try (AnnotationProject p = Fixtures.project(dir, 1)) {
            var autosave = p.startAutosave(Duration.ofMillis(50), Duration.ofMillis(200));
            new LabelService(p).setModelOutput(p.findCase("d-1"), "Maybe", "Maybe");
            long end = System.currentTimeMillis() + 15_000;
            while (autosave.saves() == 0 && System.currentTimeMillis() < end) {
                Thread.sleep(20);
            }
            assertTrue(autosave.saves() > 0, "no background save after a system change");
            assertTrue(Files.readString(dir.resolve(AnnotationProject.PROJECT_FILE), StandardCharsets.UTF_8)
                    .contains("Maybe"));
        }
    }

    @Test
    void listenersHearCommandsUndoRedoAndSystemChangesInTheRealm() throws Exception {
        try (AnnotationProject p = Fixtures.project(dir, 1)) {
            p.setRealm(realm);
            List<ProjectListener.Change> heard = Collections.synchronizedList(new ArrayList<>());
            List<Boolean> inRealm = Collections.synchronizedList(new ArrayList<>());
            List<Boolean> lockFree = Collections.synchronizedList(new ArrayList<>());
            p.addProjectListener(change -> {
                heard.add(change);
                inRealm.add(realm.isCurrent());
                lockFree.add(!p.modelLock().isHeldByCurrentThread());
            });
            LabelService s = new LabelService(p);
            Case c = p.findCase("d-1");
            CompletableFuture.runAsync(() -> {
                s.setLabel(c, "alice", Taxonomies.WRONG_OBJECT, 1, null, null);
                s.setModelOutput(c, "No", "No");
                s.undo();
                s.redo();
            }).get(1, TimeUnit.MINUTES);
            assertEquals(List.of(ProjectListener.Kind.COMMAND, ProjectListener.Kind.SYSTEM, ProjectListener.Kind.UNDO,
                    ProjectListener.Kind.REDO), heard.stream().map(ProjectListener.Change::kind).toList());
            assertEquals("set the model answer of d-1", heard.get(1).label());
            assertTrue(heard.get(0).label().startsWith("label d-1"), heard.get(0).label());
            assertFalse(inRealm.contains(false), "a listener was called outside the realm");
            assertFalse(lockFree.contains(false), "a listener was called holding the model lock");
        }
    }

    @Test
    void aSnapshotCopiesWhatAJobNeeds() throws Exception {
        try (AnnotationProject p = Fixtures.project(dir, 1)) {
            Case c = p.findCase("d-1");
            ResultAttachments.attach(p, c, resultJson("r9"), List.of(), null);
            p.setRealm(realm);
            CaseSnapshot s = CompletableFuture.supplyAsync(() -> CaseSnapshot.of(p, c)).get(1, TimeUnit.MINUTES);
            assertEquals("d-1", s.id());
            assertEquals(c.getImage(), s.image());
            assertEquals(c.getQuestion(), s.question());
            assertEquals("ASSISTANT:", s.answerPrefix());
            assertEquals("Yes", s.targetToken());
            assertEquals("0".repeat(64), s.imageSha256());
            assertEquals(List.of("results/d-1/r9.json"), s.resultPaths());
            assertNotNull(s.attributes());
            new LabelService(p).setModelOutput(c, "No", "");
            assertEquals("Yes", s.targetToken(), "a snapshot does not follow later changes");
            assertNull(CaseSnapshot.of(p, c).targetToken(), "a blank target token means the argmax");
        }
    }
}
