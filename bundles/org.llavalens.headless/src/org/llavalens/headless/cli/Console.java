package org.llavalens.headless.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Where commands talk to the user: results on stdout, progress and warnings on stderr (so a
 * command's stdout can be piped). Progress lines are redrawn in place on a terminal and printed
 * at a modest rate otherwise, so CI logs stay readable.
 */
public final class Console {

    private final PrintStream out;
    private final PrintStream err;
    private final boolean interactive;
    private long lastProgressNanos;

    public Console(PrintStream out, PrintStream err, boolean interactive) {
        this.out = out;
        this.err = err;
        this.interactive = interactive;
    }

    public static Console system() {
        return new Console(System.out, System.err, System.console() != null);
    }

    public void println(String line) {
        endProgressLine();
        out.println(line);
        out.flush();
    }

    public void printf(String format, Object... args) {
        println(String.format(Locale.ROOT, format, args));
    }

    public void warn(String line) {
        endProgressLine();
        err.println("warning: " + line);
        err.flush();
    }

    public void error(String line) {
        endProgressLine();
        err.println(line);
        err.flush();
    }

    public void stackTrace(Throwable t) {
        t.printStackTrace(err);
        err.flush();
    }

    public void info(String line) {
        endProgressLine();
        err.println(line);
        err.flush();
    }

    private boolean progressOpen;

    /** Shows {@code done/total} of a task; cheap to call often. */
    public void progress(String task, long done, long total) {
        long now = System.nanoTime();
        boolean last = done >= total;
        long minGap = interactive ? 100_000_000L : 5_000_000_000L;
        if (!last && now - lastProgressNanos < minGap) {
            return;
        }
        lastProgressNanos = now;
        String pct = total > 0 ? String.format(Locale.ROOT, "%3d%%", 100 * done / total) : "";
        String line = String.format(Locale.ROOT, "%s %s (%d/%d)", task, pct, done, total);
        if (interactive) {
            err.print("\r" + line + "\u001b[K");
            progressOpen = !last;
            if (last) {
                err.println();
            }
        } else {
            err.println(line);
        }
        err.flush();
    }

    private void endProgressLine() {
        if (progressOpen) {
            err.println();
            progressOpen = false;
        }
    }
}
