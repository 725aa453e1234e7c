package org.llavalens.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llavalens.analysis.batch.BatchRun;
import org.llavalens.analysis.batch.BatchStatus;
import org.llavalens.analysis.explain.LocalExplainService;
import org.llavalens.analysis.explain.ModelCatalog;
import org.llavalens.annotation.AnnotationProject;
import org.llavalens.attribution.method.MethodRegistry;
import org.llavalens.runtime.compute.ComputeSettings;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;

/**
 * The Spark batch in local mode on the demo model, started by the tests: the same result files as the
 * single-machine batch, a case whose executor dies mid-case is retried and the batch completes, and an
 * interrupted job, rerun, computes only the cases it had not finished.
 */
class SparkBatchTest {

    private static final int SCENES = 4;
    /** Recorded times and dates, which differ between any two runs. */
    private static final Set<String> WALL_CLOCK_KEYS = Set.of("forwardTimings", "createdAt", "millis");

    @TempDir
    static Path shared;
    private static DemoBatch demo;

    @BeforeAll
    static void generate() throws Exception {
        demo = DemoBatch.generate(shared.resolve("demo"), SCENES);
    }

    @Test
    void localTwoWritesTheSingleMachineBatchsFiles() throws Exception {
        Path single = demo.project(shared.resolve("single"));
        try (AnnotationProject p = AnnotationProject.open(single);
                LocalExplainService service = new LocalExplainService(ModelCatalog.anyFolder(),
                        ComputeSettings.CPU_FP32, MethodRegistry.builtIns(), 1)) {
            BatchRun.Summary s = new BatchRun(p, service, demo.llava, null, DemoBatch.settings()).run(0, null, null);
            assertEquals(SCENES, s.computed());
        }
        Path spark = demo.project(shared.resolve("spark"));
        SparkBatch.Result r = SparkBatch.run(demo.spec(spark, "local[2]"), System.out, sc -> { });
        assertEquals(SCENES, r.summary().computed(), "every case computed on Spark");
        assertEquals(0, r.summary().failed());

        Map<String, Path> expected = DemoBatch.results(single);
        Map<String, Path> actual = DemoBatch.results(spark);
        assertEquals(expected.keySet(), actual.keySet(), "the same result files");
        assertTrue(expected.keySet().stream().anyMatch(n -> n.endsWith(".png")), "heatmaps among them");
        for (String name : expected.keySet()) {
            if (name.endsWith(".json")) {
                assertJsonClose(name, parse(expected.get(name)), parse(actual.get(name)));
            } else {
                assertArrayEquals(Files.readAllBytes(expected.get(name)), Files.readAllBytes(actual.get(name)), name);
            }
        }
        try (AnnotationProject p = AnnotationProject.openReadOnly(spark)) {
            long linked = p.realm().call(() -> p.caseIndex().values().stream().filter(c -> !c.getResults().isEmpty()).count());
            assertEquals(SCENES, linked, "the driver linked every case's result");
        }
        assertEquals(1, ExecutorModels.SERVICES_STARTED.get(), "one explain service (one model load) per executor JVM");
    }

    @Test
    void aCaseWhoseExecutorDiesIsRetriedAndTheBatchCompletes() throws Exception {
        Path project = demo.project(shared.resolve("killed"));
        String victim = firstCaseId(project);
        System.setProperty(CaseTask.KILL_FIRST_ATTEMPT_OF, victim);
        SparkBatch.Result r;
        try {
            r = SparkBatch.run(demo.spec(project, "local[2]"), System.out, sc -> { });
        } finally {
            System.clearProperty(CaseTask.KILL_FIRST_ATTEMPT_OF);
        }
        assertEquals(1, r.failedAttempts(), "the killed attempt");
        assertEquals(SCENES, r.summary().computed());
        assertEquals(0, r.summary().failed());
        BatchStatus.Entry e = BatchStatus.read(r.summary().statusFile()).get(victim);
        assertEquals("done", e.state());
        assertTrue(Files.isRegularFile(project.resolve("results").resolve(victim).resolve(
                "batch-" + DemoBatch.settings().fingerprint() + ".json")));
    }

    @Test
    void anInterruptedJobRerunComputesOnlyWhatWasLeft() throws Exception {
        Path project = demo.project(shared.resolve("interrupted"));
        AtomicInteger finished = new AtomicInteger();
        SparkBatch.Result first = SparkBatch.run(demo.spec(project, "local[1]"), System.out,
                sc -> sc.sc().addSparkListener(new SparkListener() {
                    @Override
                    public void onTaskEnd(SparkListenerTaskEnd end) {
                        if (end.taskInfo().successful() && finished.incrementAndGet() == 2) {
                            sc.cancelAllJobs();
                        }
                    }
                }));
        assertTrue(first.summary().cancelled(), "the job was stopped");
        long onDisk = DemoBatch.results(project).keySet().stream().filter(n -> n.endsWith(".json")).count();
        assertTrue(onDisk >= 2 && onDisk < SCENES, "stopped part-way: " + onDisk + " of " + SCENES + " results");

        SparkBatch.Result rerun = SparkBatch.run(demo.spec(project, "local[2]"), System.out, sc -> { });
        assertFalse(rerun.summary().cancelled());
        assertEquals(onDisk, rerun.summary().skipped(), "finished cases kept");
        assertEquals(SCENES - onDisk, rerun.summary().computed(), "only the rest computed");
        assertEquals(SCENES, DemoBatch.results(project).keySet().stream().filter(n -> n.endsWith(".json")).count());
    }

    private static String firstCaseId(Path project) throws Exception {
        try (AnnotationProject p = AnnotationProject.openReadOnly(project)) {
            return p.realm().call(() -> p.caseIndex().keySet().iterator().next());
        }
    }

    private static JsonElement parse(Path file) throws Exception {
        return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
    }

    /** Equal structure and text; numbers within 1e-6; recorded wall-clock times left out. */
    private static void assertJsonClose(String where, JsonElement expected, JsonElement actual) {
        if (expected.isJsonObject()) {
            assertTrue(actual.isJsonObject(), where);
            var e = expected.getAsJsonObject();
            var a = actual.getAsJsonObject();
            assertEquals(e.keySet(), a.keySet(), where);
            for (String k : e.keySet()) {
                if (!WALL_CLOCK_KEYS.contains(k)) {
                    assertJsonClose(where + "." + k, e.get(k), a.get(k));
                }
            }
        } else if (expected.isJsonArray()) {
            assertTrue(actual.isJsonArray(), where);
            assertEquals(expected.getAsJsonArray().size(), actual.getAsJsonArray().size(), where);
            for (int i = 0; i < expected.getAsJsonArray().size(); i++) {
                assertJsonClose(where + "[" + i + "]", expected.getAsJsonArray().get(i), actual.getAsJsonArray().get(i));
            }
        } else if (expected.isJsonPrimitive() && expected.getAsJsonPrimitive().isNumber()) {
            if (!actual.isJsonPrimitive() || !actual.getAsJsonPrimitive().isNumber()) {
                fail(where + ": " + actual + " is not a number");
            }
            assertEquals(expected.getAsDouble(), actual.getAsDouble(), 1e-6, where);
        } else {
            assertEquals(expected, actual, where);
        }
    }
}
