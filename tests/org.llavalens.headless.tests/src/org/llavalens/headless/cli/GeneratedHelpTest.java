package org.llavalens.headless.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llavalens.headless.CapturedConsole;
import org.llavalens.headless.Commands;

class GeneratedHelpTest {

    private final CapturedConsole io = new CapturedConsole();

    @Test
    void everyCommandsHelpIsGeneratedFromItsOptions() {
        for (Command c : Commands.cli().commands()) {
            io.clearOut();
            assertEquals(Cli.OK, io.run("help", c.name()), c.name());
            String help = io.out();
            assertTrue(help.startsWith("usage: ./llavalens " + c.name()), help);
            for (Option o : c.options()) {
                assertTrue(help.contains(o.spelling()), c.name() + " help lists " + o.spelling());
            }
            for (String e : c.examples()) {
                assertFalse(e.contains("\n") || e.contains("\r"), c.name() + ": an example is one line: " + e);
                assertTrue(e.startsWith(c.name() + " "), e);
            }
        }
    }

    @Test
    void versionIsPrinted() {
        assertEquals(Cli.OK, io.run("--version"));
        assertTrue(io.out().matches("llavalens \\d+\\.\\d+\\.\\d+.*\\R"), io.out());
    }

    @Test
    void aMisspeltOptionOrCommandGetsASuggestion() {
        assertEquals(Cli.USAGE, io.run("project", "status", "--projcet", "x"));
        assertTrue(io.err().contains("unknown option --projcet (did you mean --project?)"), io.err());
        io.clearErr();
        assertEquals(Cli.USAGE, io.run("agreemnt", "--project", "x"));
        assertTrue(io.err().contains("did you mean agreement?"), io.err());
        io.clearErr();
        assertEquals(Cli.USAGE, io.run("analyze", "--pad-to-sqare", "--model", "m"));
        assertTrue(io.err().contains("did you mean --pad-to-square?"), io.err());
        assertEquals(null, Help.suggestion("frobnicate", List.of("project", "out")));
    }

    @Test
    void theOldDirSpellingStillMeansProject(@TempDir Path tmp) {
        assertEquals(Cli.OK, io.run("project", "create", "--dir", tmp.resolve("p").toString()));
        assertEquals(Cli.OK, io.run("project", "status", "--project", tmp.resolve("p").toString()));
    }

    @Test
    void aMissingTmpFolderIsNamed(@TempDir Path tmp) {
        Path none = tmp.resolve("no-such-folder");
        assertEquals(Cli.USAGE, io.run("benchmark", "runtime", "--tmp", none.toString()));
        assertTrue(io.err().contains("--tmp " + none + ": no such folder"), io.err());
    }

    @Test
    void progressInALogHasWholeLinesInRealUnits() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Console log = new Console(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true,
                StandardCharsets.UTF_8), false);
        log.startProgress();
        for (int i = 1; i <= 4; i++) {
            log.progress("batch", i, 4, "cases", 2.0, (4 - i) / 2.0);
        }
        log.progress("analyze", 500, 1000, null);
        log.progress("analyze", 1000, 1000, null);
        String text = err.toString(StandardCharsets.UTF_8);
        assertFalse(text.contains("\r") || text.contains("\u001b"), "no carriage returns or escape codes: " + text);
        assertTrue(text.contains("batch  25% (1/4 cases, 2.00 cases/s, ETA 0:00:02)"), text);
        assertTrue(text.contains("batch 100% (4/4 cases, 2.00 cases/s)"), text);
        assertTrue(text.contains("analyze 100%\n"), "internal ticks are shown as a percentage only: " + text);
        assertFalse(text.contains("1000/1000"), text);
    }
}
