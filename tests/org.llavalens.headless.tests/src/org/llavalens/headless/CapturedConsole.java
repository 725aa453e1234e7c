package org.llavalens.headless;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.llavalens.headless.cli.Console;

/** The command line as a user runs it, with both streams kept for the test to read. */
public final class CapturedConsole {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Console console = new Console(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), false);

    public Console console() {
        return console;
    }

    /** Runs {@code llavalens args...}; returns the exit code. */
    public int run(String... args) {
        return Commands.cli().run(args, console);
    }

    /** Runs a command's fixed arguments followed by a test's own. */
    public int run(String[] base, String... extra) {
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return run(args);
    }

    /** What was printed on standard output so far. */
    public String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** What was printed on standard error so far. */
    public String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** Forgets standard error, so the next command's is read alone. */
    public void clearErr() {
        err.reset();
    }

    /** Forgets standard output, so the next command's is read alone. */
    public void clearOut() {
        out.reset();
    }
}
