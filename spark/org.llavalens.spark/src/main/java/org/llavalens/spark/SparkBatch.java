package org.llavalens.spark;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.llavalens.analysis.batch.BatchCase;
import org.llavalens.analysis.batch.BatchJobSpec;
import org.llavalens.analysis.batch.BatchLedger;
import org.llavalens.analysis.batch.BatchListener;
import org.llavalens.analysis.batch.BatchRun;
import org.llavalens.analysis.batch.CaseOutcome;
import org.llavalens.annotation.AnnotationProject;
import org.llavalens.annotation.CaseSnapshot;

import com.google.gson.JsonObject;

/**
 * The batch's Spark driver: one partition per case (so cases spread evenly over the executors), each
 * computed by {@link CaseTask} on the executors, which write the result files; the driver alone opens the
 * project, and when the job ends it records every outcome through the same {@link BatchLedger} as the
 * single-machine batch (links, answers, status file). A rerun resumes: the per-case function finds a
 * finished case's files and does not compute it again, also for the cases of a job that was stopped
 * before its driver recorded them.
 */
public final class SparkBatch {

    /**
     * @param contextSeconds starting the Spark context
     * @param jobSeconds     the job and the driver's recording, after the context was up
     * @param failedAttempts task attempts that failed and were retried
     */
    public record Result(BatchRun.Summary summary, double contextSeconds, double jobSeconds, int failedAttempts) {
    }

    /** How long a cancelled job's running cases get to stop before the driver ends. */
    private static final long STOP_WAIT_MILLIS = 120_000;

    private static final Pattern LOCAL = Pattern.compile("local\\[(\\d+|\\*)\\]");

    private SparkBatch() {
    }

    /**
     * @param started called with the context once it is up, before the job (tests add listeners)
     */
    public static Result run(BatchJobSpec spec, PrintStream out, Consumer<JavaSparkContext> started)
            throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        try (AnnotationProject project = AnnotationProject.open(Path.of(spec.project()))) {
            project.recoveryNotes().forEach(n -> out.println("batch: warning: " + n));
            List<CaseSnapshot> cases = BatchLedger.cases(project, spec.limit());
            BatchLedger ledger = new BatchLedger(project, spec.settings(), spec.textModel() != null, header(spec),
                    cases.size(), new BatchListener() {
                        @Override
                        public void caseFinished(Outcome o, Progress p) {
                            if (o.state() == State.FAILED) {
                                out.println("batch: " + o.caseId() + " failed: " + o.error());
                            }
                        }

                        @Override
                        public void warning(String message) {
                            out.println("batch: warning: " + message);
                        }
                    });
            try (JavaSparkContext sc = new JavaSparkContext(conf(spec))) {
                sc.setLogLevel("WARN");
                ProgressLine progress = new ProgressLine(out, cases.stream().map(CaseSnapshot::id).toList());
                sc.sc().addSparkListener(progress);
                started.accept(sc);
                long t1 = System.nanoTime();
                out.printf("batch: %d cases on %s, one task per case, up to %d attempts each%n", cases.size(),
                        sc.master(), spec.maxFailures());
                List<BatchCase> input = cases.stream().map(BatchCase::of).toList();
                // a cancelled job interrupts its tasks, which stop at their case's next step
                sc.setJobGroup("llavalens-batch", "LLaVA Lens batch", true);
                List<CaseOutcome> outcomes;
                boolean cancelled = false;
                try {
                    outcomes = input.isEmpty() ? List.of()
                            : sc.parallelize(input, input.size()).map(new CaseTask(spec)).collect();
                } catch (Exception e) {
                    // Spark's own exceptions are checked ones that Java's signatures do not declare
                    if (!String.valueOf(e.getMessage()).contains("cancelled")) {
                        throw e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
                    }
                    // the cases finished so far are on disk; the next run finds them and links them
                    if (!progress.awaitIdle(STOP_WAIT_MILLIS)) {
                        out.println("batch: warning: some cases were still running when the driver stopped");
                    }
                    out.println("batch: the job was cancelled; run again to resume");
                    outcomes = List.of();
                    cancelled = true;
                }
                for (int i = 0; i < outcomes.size(); i++) {
                    ledger.record(cases.get(i), outcomes.get(i));
                }
                BatchRun.Summary summary = ledger.finish(cancelled);
                return new Result(summary, (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9, progress.failedAttempts());
            }
        }
    }

    /**
     * Local mode retries nothing unless its master says how often ({@code local[N,F]}): a plain
     * {@code local[N]} gets the job's attempts. A null master is spark-submit's.
     */
    static SparkConf conf(BatchJobSpec spec) {
        SparkConf conf = new SparkConf().setAppName("LLaVA Lens batch " + spec.settings().fingerprint())
                .set("spark.task.maxFailures", Integer.toString(spec.maxFailures()))
                .setIfMissing("spark.log.level", "WARN");
        if (spec.master() != null) {
            Matcher m = LOCAL.matcher(spec.master());
            conf.setMaster(m.matches() ? "local[" + m.group(1) + "," + spec.maxFailures() + "]" : spec.master());
        }
        if (conf.get("spark.master", "").startsWith("local")) {
            conf.set("spark.ui.enabled", "false");
        }
        return conf;
    }

    private static JsonObject header(BatchJobSpec spec) {
        JsonObject h = new JsonObject();
        h.addProperty("model", Path.of(spec.model()).getFileName().toString());
        if (spec.textModel() != null) {
            h.addProperty("textModel", Path.of(spec.textModel()).getFileName().toString());
        }
        h.addProperty("engine", "spark");
        h.addProperty("started", Instant.now().toString());
        return h;
    }
}
