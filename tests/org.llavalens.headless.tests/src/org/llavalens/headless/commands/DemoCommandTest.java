package org.llavalens.headless.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llavalens.headless.CapturedConsole;
import org.llavalens.headless.cli.Cli;

/** The README's first command, end to end: demo model generated, scene analysed, report written. */
class DemoCommandTest {

    @TempDir
    Path dir;

    @Test
    void demoAnswersTheSceneAndNamesThePlantedHeadFirst() throws Exception {
        CapturedConsole io = new CapturedConsole();
        Path demo = dir.resolve("demo");
        Path report = dir.resolve("report");
        int code = io.run("demo", "--demo", demo.toString(), "--out", report.toString());
        String out = io.out();
        assertEquals(Cli.OK, code, io.err());

        // Scene 0's first animal is a gray bird (scenes.jsonl); the planted color head is 2_5.
        assertTrue(out.contains("What is the color of the bird? (expected: gray)"), out);
        assertTrue(out.contains("answer: The color of the bird is gray"), out);
        String firstHead = out.lines().filter(l -> l.matches("\\s+\\d+_\\d+\\s+[+-].*")).findFirst().orElse("");
        assertTrue(firstHead.strip().startsWith("2_5 "), "first head line: '" + firstHead + "'\n" + out);
        assertTrue(Files.size(report.resolve("report.html")) > 10_000, "report.html is missing or empty");
        assertTrue(Files.exists(report.resolve("result.json")));
    }

    @Test
    void aSceneOutsideTheDemoIsBadUsage() {
        CapturedConsole io = new CapturedConsole();
        assertEquals(Cli.USAGE, io.run("demo", "--demo", dir.resolve("d").toString(), "--scene", "9999"));
        assertTrue(io.err().contains("scenes"), io.err());
    }
}
