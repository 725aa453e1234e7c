package org.llavalens.headless.commands;

import java.time.Duration;

import org.llavalens.attribution.method.MethodRunner;
import org.llavalens.headless.cli.Arguments;
import org.llavalens.headless.cli.UsageException;

/** {@code --method-deadline SECONDS} of the commands that run attribution methods (analyze, batch). */
final class MethodDeadline {

    private MethodDeadline() {
    }

    /** @return the deadline in seconds, also for a process this one starts */
    static int apply(Arguments args) throws UsageException {
        int seconds = args.integer("method-deadline", (int) MethodRunner.DEFAULT_DEADLINE.toSeconds());
        if (seconds < 1) {
            throw new UsageException("--method-deadline must be at least 1 second, not " + seconds);
        }
        MethodRunner.setProcessDeadline(Duration.ofSeconds(seconds));
        return seconds;
    }
}
