package org.llavalens.headless.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llavalens.headless.Commands;
import org.llavalens.headless.cli.Cli;
import org.llavalens.headless.cli.Console;

/** The README's first command, end to end: demo model generated, scene analysed, report written. */
class DemoCommandTest {

    @TempDir
    Path dir;

    @Test
    void demoAnswersTheSceneAndNamesThePlantedHeadFirst() throws Exception {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        Console console = new Console(new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8), false);
        Path demo = dir.resolve("demo");
        Path report = dir.resolve("report");
        int code = Commands.cli().run(new String[] {"demo", "--demo", demo.toString(), "--out", report.toString()}, console);
        String out = stdout.toString(StandardCharsets.UTF_8);
        assertEquals(Cli.OK, code, stderr.toString(StandardCharsets.UTF_8));

        // Scene 0's first animal is a gray bird (scenes.jsonl); the planted colour head is 2_5.
        assertTrue(out.contains("What is the color of the bird? (expected: gray)"), out);
        assertTrue(out.contains("answer: The color of the bird is gray"), out);
        String firstHead = out.lines().filter(l -> l.matches("\\s+\\d+_\\d+\\s+[+-].*")).findFirst().orElse("");
        assertTrue(firstHead.strip().startsWith("2_5 "), "first head line: '" + firstHead + "'\n" + out);
        assertTrue(Files.size(report.resolve("report.html")) > 10_000, "report.html is missing or empty");
        assertTrue(Files.exists(report.resolve("result.json")));
    }

    @Test
    void aSceneOutsideTheDemoIsBadUsage() {
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        Console console = new Console(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8), false);
        assertEquals(Cli.USAGE, Commands.cli().run(new String[] {"demo", "--demo", dir.resolve("d").toString(),
                "--scene", "9999"}, console));
        assertTrue(stderr.toString(StandardCharsets.UTF_8).contains("scenes"), stderr.toString(StandardCharsets.UTF_8));
    }
}
