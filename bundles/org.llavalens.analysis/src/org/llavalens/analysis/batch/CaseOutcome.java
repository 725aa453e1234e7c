package org.llavalens.analysis.batch;

import java.io.Serializable;

/**
 * What computing one case left: its state, time and error, and what the driver records on the case
 * (the model's answer and the explained token). The result files themselves are already on disk.
 *
 * @param error  the one-line reason for {@link BatchListener.State#FAILED}, else null
 * @param answer the greedy answer (or null when none was asked)
 * @param target the explained token's text, or null when the case failed
 */
public record CaseOutcome(String caseId, BatchListener.State state, double millis, String error, String answer,
        String target) implements Serializable {

    private static final long serialVersionUID = 1L;

    static CaseOutcome failed(String caseId, double millis, String error) {
        return new CaseOutcome(caseId, BatchListener.State.FAILED, millis, error, null, null);
    }

    /** A case a worker could not finish in any attempt (e.g. its executor died each time). */
    public static CaseOutcome lost(String caseId, String error) {
        return failed(caseId, 0, error);
    }
}
