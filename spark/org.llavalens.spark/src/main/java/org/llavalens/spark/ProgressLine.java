package org.llavalens.spark;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

import org.apache.spark.TaskFailedReason;
import org.apache.spark.TaskKilled;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;

/**
 * The driver's console while the job runs: cases done of the total, the rate since the job started
 * and the time left, one line per finished case, and each failed attempt (which Spark retries). One
 * partition is one case, so a task's index names its case.
 */
final class ProgressLine extends SparkListener {

    private final PrintStream out;
    private final List<String> caseIds;
    private final long start = System.nanoTime();
    private int done;
    private int failedAttempts;
    private int running;

    ProgressLine(PrintStream out, List<String> caseIds) {
        this.out = out;
        this.caseIds = caseIds;
    }

    @Override
    public synchronized void onTaskStart(SparkListenerTaskStart start) {
        running++;
    }

    @Override
    public synchronized void onTaskEnd(SparkListenerTaskEnd end) {
        running--;
        notifyAll();
        int index = end.taskInfo().index();
        String id = index < caseIds.size() ? caseIds.get(index) : "#" + index;
        if (end.reason() instanceof TaskKilled killed) {
            out.printf(Locale.ROOT, "batch: case %s stopped (%s)%n", id, killed.reason());
            return;
        }
        if (!end.taskInfo().successful()) {
            failedAttempts++;
            String reason = end.reason() instanceof TaskFailedReason f ? f.toErrorString() : end.reason().toString();
            out.printf(Locale.ROOT, "batch: case %s attempt %d failed (%s); Spark retries it up to its limit%n", id,
                    end.taskInfo().attemptNumber() + 1, reason.lines().findFirst().orElse(reason));
            return;
        }
        done++;
        double seconds = (System.nanoTime() - start) / 1e9;
        double perMinute = done / seconds * 60;
        double eta = (caseIds.size() - done) / (done / seconds);
        out.printf(Locale.ROOT, "batch: %d/%d cases, %.1f cases/min, ETA %.0f s%n", done, caseIds.size(), perMinute,
                eta);
    }

    /**
     * Waits until no task runs (a cancelled job's tasks stop at their case's next step), so that the
     * result files on disk are the ones a rerun finds; gives up after {@code maxMillis}.
     */
    synchronized boolean awaitIdle(long maxMillis) throws InterruptedException {
        long end = System.currentTimeMillis() + maxMillis;
        while (running > 0 && System.currentTimeMillis() < end) {
            wait(Math.max(1, end - System.currentTimeMillis()));
        }
        return running == 0;
    }

    synchronized int done() {
        return done;
    }

    synchronized int failedAttempts() {
        return failedAttempts;
    }
}
