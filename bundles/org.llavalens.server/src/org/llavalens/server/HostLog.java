package org.llavalens.server;

import java.io.PrintStream;
import java.time.Instant;

/**
 * What the host prints, one line per event: each job with its annotator as it is submitted, and
 * each refusal with its status (so an operator sees who ran what and what was turned away).
 */
final class HostLog {

    private final PrintStream out;

    HostLog(PrintStream out) {
        this.out = out;
    }

    static HostLog quiet() {
        return new HostLog(null);
    }

    void submitted(Job job) {
        line("job " + job.id() + " " + job.state().wire() + " on " + job.model() + " for " + job.annotator());
    }

    void refused(HostProblem p) {
        line(p.status() + " " + p.kind() + ": " + p.getMessage());
    }

    void line(String text) {
        if (out != null) {
            synchronized (out) {
                out.println(Instant.now() + " " + text);
            }
        }
    }
}
