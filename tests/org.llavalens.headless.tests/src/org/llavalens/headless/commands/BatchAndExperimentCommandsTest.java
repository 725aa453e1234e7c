package org.llavalens.headless.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llavalens.headless.CapturedConsole;
import org.llavalens.headless.cli.Cli;

/** {@code batch} and {@code experiment color-qa} through the command line, on a two-scene demo. */
class BatchAndExperimentCommandsTest {

    private final CapturedConsole io = new CapturedConsole();

    private int run(String... args) {
        return io.run(args);
    }

    private String output() {
        return io.out() + io.err();
    }

    @Test
    void batchResumesAndTheExperimentWritesItsReport(@TempDir Path dir) throws Exception {
        Path demo = dir.resolve("demo");
        assertEquals(Cli.OK, run("generate-demo", "--out", demo.toString(), "--scenes", "2"));
        Path project = dir.resolve("p");
        int n = DemoProjects.create(io, demo, project);

        io.clearOut();
        assertEquals(Cli.OK, run("batch", "--project", project.toString(), "--model", demo.resolve("llava").toString(),
                "--max-new-tokens", "2"), output());
        assertTrue(output().contains(n + " cases: " + n + " computed, 0 already done, 0 failed"), output());
        assertTrue(output().contains("time per case"), output());
        io.clearOut();
        assertEquals(Cli.OK, run("batch", "--project", project.toString(), "--model", demo.resolve("llava").toString(),
                "--max-new-tokens", "2"), output());
        assertTrue(output().contains(n + " cases: 0 computed, " + n + " already done, 0 failed"), output());

        io.clearOut();
        Path report = dir.resolve("report");
        assertEquals(Cli.OK, run("experiment", "color-qa", "--project", project.toString(), "--model",
                demo.resolve("llava").toString(), "--vicuna", demo.resolve("vicuna").toString(), "--out",
                report.toString()), output());
        assertTrue(Files.isRegularFile(report.resolve("report.html")));
        assertTrue(Files.isRegularFile(report.resolve("prompts.csv")));
        assertTrue(Files.isRegularFile(report.resolve("figures.csv")));
        assertTrue(output().contains("tqa_value_logit_diff"), output());
        assertTrue(output().contains("llava_vqa  top heads: 2_5"), output());
    }

    @Test
    void badOptionsAreUsageErrors(@TempDir Path dir) {
        assertEquals(Cli.USAGE, run("batch"));
        assertEquals(Cli.USAGE, run("batch", "--project", dir.toString(), "--model", dir.toString(), "--methods", "nope"));
        assertEquals(Cli.USAGE, run("batch", "--project", dir.toString(), "--model", dir.toString(), "--limit", "-1"));
        assertEquals(Cli.USAGE, run("experiment", "--model", dir.toString(), "--vicuna", dir.toString()));
        assertEquals(Cli.USAGE, run("experiment", "color-qa", "--model", dir.toString(), "--vicuna", dir.toString()));
        assertEquals(Cli.USAGE, run("experiment", "color-qa", "--project", dir.toString(), "--cases", "x.jsonl",
                "--model", dir.toString(), "--vicuna", dir.toString()));
        assertEquals(Cli.USAGE, run("experiment", "color-qa", "--images", dir.toString(), "--model", dir.toString(),
                "--vicuna", dir.toString()));
        assertEquals(Cli.USAGE, run("experiment", "color-qa", "--prompt-form", "poem", "--cases", "x.jsonl",
                "--model", dir.toString(), "--vicuna", dir.toString()));
        assertEquals(Cli.USAGE, run("experiment", "color-qa", "--heads", "top3", "--cases", "x.jsonl",
                "--model", dir.toString(), "--vicuna", dir.toString()));
        assertEquals(Cli.USAGE, run("experiment", "color-qa-cases", "--instances", "i.json", "--captions", "c.json",
                "--images", dir.toString(), "--out", "o.jsonl", "--min-area", "2"));
    }
}
