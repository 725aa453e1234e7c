package org.llavalens.analysis.explain;

/**
 * A request the service cannot answer as asked: a usage error for the CLI, a 4xx for a model host,
 * a message for the workbench. The message is one line that says what to change.
 */
public abstract sealed class ExplainException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    ExplainException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The request names a model the service does not have. */
    public static final class UnknownModel extends ExplainException {

        private static final long serialVersionUID = 1L;

        public UnknownModel(String message) {
            super(message, null);
        }
    }

    /** The target the question names is not a token of the model. */
    public static final class BadTarget extends ExplainException {

        private static final long serialVersionUID = 1L;

        public BadTarget(IllegalArgumentException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** A table position the question's sequence does not have. */
    public static final class BadPosition extends ExplainException {

        private static final long serialVersionUID = 1L;

        public BadPosition(IllegalArgumentException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** A follow-up the case cannot answer (no image for a patch, no head scores to aggregate). */
    public static final class NotAnswerable extends ExplainException {

        private static final long serialVersionUID = 1L;

        public NotAnswerable(String message) {
            super(message, null);
        }
    }
}
