package org.llavalens.spark;

import java.util.Arrays;
import java.util.Locale;

import org.llavalens.analysis.batch.BatchJobSpec;
import org.llavalens.analysis.batch.BatchRun;

/**
 * The job jar's entry: {@code spark-submit --class org.llavalens.spark.SparkBatchMain JOB.jar --project DIR
 * --model DIR --methods ID,... [...]}, or started by {@code ./llavalens batch --spark MASTER}. Exit code 0
 * when every case is done, 1 when some failed (their errors are in the status file), 2 for bad
 * arguments, 3 when the job was stopped before the end.
 */
public final class SparkBatchMain {

    private SparkBatchMain() {
    }

    public static void main(String[] args) throws Exception {
        BatchJobSpec spec;
        try {
            spec = BatchJobSpec.parse(Arrays.asList(args));
        } catch (IllegalArgumentException e) {
            System.err.println("llavalens spark batch: " + e.getMessage());
            System.err.println("usage: SparkBatchMain --project DIR --model DIR --methods ID,... [--vicuna DIR] "
                    + "[--target WORD|ID] [--heads SPEC] [--max-new-tokens N] [--pad-to-square] "
                    + "[--method-setting KEY=VALUE] [--limit N] [--device cpu|gpu:N] [--precision fp32|fp16] "
                    + "[--method-deadline S] [--max-failures N] [--spark MASTER]");
            System.exit(2);
            return;
        }
        SparkBatch.Result r = SparkBatch.run(spec, System.out, sc -> { });
        BatchRun.Summary s = r.summary();
        System.out.printf(Locale.ROOT, "%d cases: %d computed, %d already done, %d failed%s%n", s.total(), s.computed(),
                s.skipped(), s.failed(), s.cancelled() ? " (stopped; run again to resume)" : "");
        System.out.printf(Locale.ROOT, "spark: context %.1f s, job %.1f s, %d failed attempt(s) retried%n",
                r.contextSeconds(), r.jobSeconds(), r.failedAttempts());
        System.out.println("status: " + s.statusFile().toAbsolutePath());
        System.exit(s.cancelled() ? 3 : s.failed() > 0 ? 1 : 0);
    }
}
