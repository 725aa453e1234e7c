package org.llavalens.headless.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.llavalens.headless.CapturedConsole;
import org.llavalens.headless.Commands;

class CliTest {

    private final CapturedConsole io = new CapturedConsole();

    private int run(Cli cli, String... args) {
        return cli.run(args, io.console());
    }

    private String stderr() {
        return io.err();
    }

    private static Command command(String name, ThrowingRun body) {
        return new Command() {
            public CommandSpec spec() { return CommandSpec.parse(name + ": does " + name); }
            public String usage() { return "usage: " + name + " --x N"; }
            public void run(Arguments args, Console c) throws Exception { body.run(args, c); }
        };
    }

    interface ThrowingRun {
        void run(Arguments args, Console console) throws Exception;
    }

    @Test
    void helpListsEveryCommandAndExitsZero() {
        assertEquals(Cli.OK, run(Commands.cli(), "--help"));
        String text = io.out();
        assertTrue(text.contains("demo"), text);
        assertTrue(text.contains("ui"), text);
    }

    @Test
    void noArgumentsIsBadUsage() {
        assertEquals(Cli.USAGE, run(Commands.cli()));
    }

    @Test
    void unknownCommandIsBadUsageWithOneLine() {
        assertEquals(Cli.USAGE, run(Commands.cli(), "frobnicate"));
        assertEquals(1, stderr().strip().lines().count(), stderr());
        assertTrue(stderr().contains("unknown command 'frobnicate'"));
    }

    @Test
    void unknownOptionIsBadUsage() {
        Cli cli = new Cli(List.of(command("x", (args, c) -> args.requireAllUsed())));
        assertEquals(Cli.USAGE, run(cli, "x", "--typo", "3"));
        assertTrue(stderr().contains("unknown option --typo"), stderr());
    }

    @Test
    void failureIsOneLineWithoutStackTraceUnlessDebug() {
        Cli cli = new Cli(List.of(command("x", (args, c) -> {
            throw new IllegalStateException("wrapped", new java.io.IOException("disk on fire"));
        })));
        assertEquals(Cli.FAILURE, run(cli, "x"));
        assertEquals("llavalens x: wrapped", stderr().strip());
        io.clearErr();
        assertEquals(Cli.FAILURE, run(cli, "x", "--debug"));
        assertTrue(stderr().contains("at org.llavalens"), stderr());
    }

    @Test
    void nullMessagesFallBackToTheCause() {
        Cli cli = new Cli(List.of(command("x", (args, c) -> {
            throw new RuntimeException(new java.io.IOException("no such file: a.png"));
        })));
        assertEquals(Cli.FAILURE, run(cli, "x"));
        assertFalse(stderr().isBlank());
    }

    @Test
    void optionsParseInBothForms() throws Exception {
        Arguments a = Arguments.parse(List.of("--n", "3", "--name=b c", "--flag", "pos"), java.util.Set.of("flag"));
        assertEquals(3, a.integer("n", 0));
        assertEquals("b c", a.get("name", null));
        assertTrue(a.flag("flag"));
        assertEquals(List.of("pos"), a.positionals());
        a.requireAllUsed();
    }

    @Test
    void badNumbersAreUsageErrors() throws Exception {
        Arguments a = Arguments.parse(List.of("--n", "three"), java.util.Set.of());
        try {
            a.integer("n", 0);
        } catch (UsageException e) {
            assertTrue(e.getMessage().contains("whole number"));
            return;
        }
        throw new AssertionError("expected a usage error");
    }
}
