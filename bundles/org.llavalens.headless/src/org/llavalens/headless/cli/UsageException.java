package org.llavalens.headless.cli;

/** The command line was wrong: the user gets one line and exit code 2. */
public class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
