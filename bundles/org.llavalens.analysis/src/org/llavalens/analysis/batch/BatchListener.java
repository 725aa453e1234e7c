package org.llavalens.analysis.batch;

/** What a batch tells its caller as it goes; every method has an empty default. */
public interface BatchListener {

    /** How far the batch is: cases handled of the total, the rate of computed cases and the time left. */
    record Progress(int done, int total, int computed, int skipped, int failed, double casesPerSecond,
            double etaSeconds) {
    }

    enum State {
        /** analysed now and saved */
        COMPUTED,
        /** finished by an earlier run; its result was kept */
        SKIPPED,
        /** stopped by an error, which is recorded; the batch went on */
        FAILED
    }

    /** @param error the one-line reason for {@link State#FAILED}, else null */
    record Outcome(String caseId, State state, double millis, String error) {
    }

    default void caseFinished(Outcome outcome, Progress progress) {
    }

    default void warning(String message) {
    }
}
