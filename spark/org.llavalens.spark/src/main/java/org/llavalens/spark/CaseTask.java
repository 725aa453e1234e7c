package org.llavalens.spark;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.llavalens.analysis.batch.BatchCase;
import org.llavalens.analysis.batch.BatchJobSpec;
import org.llavalens.analysis.batch.CaseOutcome;

/**
 * One Spark task: one case through the batch's per-case function on this executor's models. An error
 * of the case itself comes back as a failed outcome (computing it again would fail again); anything
 * else (a lost model load, an executor dying mid-case) fails the attempt, and Spark runs it again,
 * elsewhere if it can. The last attempt reports such an error as the case's failure instead, so the job
 * goes on and the driver records it.
 */
final class CaseTask implements Function<BatchCase, CaseOutcome> {

    private static final long serialVersionUID = 1L;

    /**
     * Fault drill: the first attempt of the case with this id dies at its first progress report, as
     * if its executor were lost mid-case (a system property, so a cluster's executors can be given it).
     */
    static final String KILL_FIRST_ATTEMPT_OF = "llavalens.spark.killFirstAttemptOf";

    private final BatchJobSpec spec;

    CaseTask(BatchJobSpec spec) {
        this.spec = spec;
    }

    @Override
    public CaseOutcome call(BatchCase c) {
        TaskContext context = TaskContext.get();
        int attempt = context == null ? 0 : context.attemptNumber();
        try {
            return ExecutorModels.computer(spec).compute(c, monitor(c, attempt));
        } catch (Throwable t) {
            if (attempt + 1 < spec.maxFailures()) {
                if (t instanceof Error e) {
                    throw e;
                }
                throw t instanceof RuntimeException r ? r : new IllegalStateException(t);
            }
            return CaseOutcome.lost(c.id(), "failed in all " + spec.maxFailures() + " attempts: " + t);
        }
    }

    /** Reports a killed task (a cancelled job) as cancelled, so the case stops at its next step. */
    private static IProgressMonitor monitor(BatchCase c, int attempt) {
        TaskContext context = TaskContext.get();
        if (attempt > 0 || !c.id().equals(System.getProperty(KILL_FIRST_ATTEMPT_OF))) {
            return new NullProgressMonitor() {
                @Override
                public boolean isCanceled() {
                    return context != null && context.isInterrupted();
                }
            };
        }
        return new NullProgressMonitor() {
            @Override
            public void internalWorked(double work) {
                throw new ExecutorLost(c.id());
            }

            @Override
            public void worked(int work) {
                throw new ExecutorLost(c.id());
            }
        };
    }

    /** What the fault drill throws: an {@link Error}, which the per-case function does not catch. */
    static final class ExecutorLost extends Error {

        private static final long serialVersionUID = 1L;

        ExecutorLost(String caseId) {
            super("fault drill: the executor computing " + caseId + " was lost");
        }
    }
}
