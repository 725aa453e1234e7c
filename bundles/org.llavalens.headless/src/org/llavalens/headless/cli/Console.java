package org.llavalens.headless.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
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
    private long progressStartNanos = System.nanoTime();
    private long firstDone = -1;

    /** Starts timing a new task, for its rate and time left. */
    public void startProgress() {
        progressStartNanos = System.nanoTime();
        firstDone = -1;
    }

    /** Shows {@code done/total} of a task; cheap to call often. */
    public void progress(String task, long done, long total) {
        progress(task, done, total, "");
    }

    /** Unit null: the work is internal ticks, shown as a percentage only. */

    /**
     * Shows {@code done/total} in real units ({@code cases}, {@code layers}) with the rate and the time
     * left, measured since {@link #startProgress()} (or the first call of the task).
     */
    public void progress(String task, long done, long total, String unit) {
        long now = System.nanoTime();
        if (firstDone < 0 || done < firstDone) {
            firstDone = done;
            progressStartNanos = now;
        }
        double seconds = (now - progressStartNanos) / 1e9;
        double rate = seconds > 0.5 && done > firstDone ? (done - firstDone) / seconds : 0;
        progress(task, done, total, unit, rate, rate > 0 ? (total - done) / rate : Double.NaN);
    }

    /** As {@link #progress(String, long, long, String)} with the caller's own rate (units per second) and time left. */
    public void progress(String task, long done, long total, String unit, double rate, double etaSeconds) {
        long now = System.nanoTime();
        boolean last = done >= total;
        long minGap = interactive ? 100_000_000L : 5_000_000_000L;
        if (!last && now - lastProgressNanos < minGap) {
            return;
        }
        lastProgressNanos = now;
        StringBuilder line = new StringBuilder(task);
        if (total > 0) {
            line.append(String.format(Locale.ROOT, " %3d%%", 100 * done / total));
        }
        List<String> parts = new ArrayList<>();
        if (unit != null) {
            // counts only in real units; a core API's internal ticks would read as "166/1000"
            String units = unit.isEmpty() ? "" : " " + unit;
            parts.add(String.format(Locale.ROOT, "%d/%d%s", done, total, units));
            if (rate > 0) {
                parts.add(String.format(Locale.ROOT, "%s%s/s", rate >= 10 ? String.format(Locale.ROOT, "%.0f", rate)
                        : String.format(Locale.ROOT, "%.2f", rate), units));
            }
        }
        if (!last && rate > 0 && Double.isFinite(etaSeconds)) {
            parts.add("ETA " + clock(etaSeconds));
        }
        if (!parts.isEmpty()) {
            line.append(" (").append(String.join(", ", parts)).append(')');
        }
        if (interactive) {
            err.print("\r" + line + "\u001b[K");
            progressOpen = !last;
            if (last) {
                err.println();
            }
        } else {
            // a log file gets whole lines: no carriage returns or escape codes
            err.println(line);
        }
        err.flush();
    }

    /** {@code h:mm:ss}. */
    public static String clock(double seconds) {
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }

    private void endProgressLine() {
        if (progressOpen) {
            err.println();
            progressOpen = false;
        }
    }
}
