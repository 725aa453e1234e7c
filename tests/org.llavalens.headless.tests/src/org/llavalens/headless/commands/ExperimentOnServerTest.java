package org.llavalens.headless.commands;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llavalens.headless.CapturedConsole;
import org.llavalens.headless.cli.Cli;

/**
 * {@code experiment color-qa --server URL --token T --model ID --vicuna ID} against a real host on a
 * free port writes the tables and head grids {@code experiment color-qa --model DIR --vicuna DIR}
 * writes here: every CSV the same but cases.csv's last column, {@code seconds} (wall-clock time per
 * case), and every PNG byte for byte.
 */
class ExperimentOnServerTest {

    @TempDir
    Path dir;

    private final CapturedConsole io = new CapturedConsole();

    @Test
    void theHostsFiguresAreTheLocalFigures() throws Exception {
        Path demo = dir.resolve("demo");
        assertEquals(Cli.OK, io.run("generate-demo", "--out", demo.toString(), "--scenes", "2"), io.err());
        Path project = dir.resolve("p");
        DemoProjects.create(io, demo, project);
        String[] common = {"experiment", "color-qa", "--project", project.toString(), "--seed", "3"};
        Path here = dir.resolve("here");
        Path there = dir.resolve("there");
        assertEquals(Cli.OK, io.run(common, "--model", demo.resolve("llava").toString(), "--vicuna",
                demo.resolve("vicuna").toString(), "--out", here.toString()), io.err());
        try (DemoHost host = DemoHost.serving(dir, demo.resolve("llava"), demo.resolve("vicuna"))) {
            io.clearOut();
            assertEquals(Cli.OK, io.run(common, Stream.concat(Stream.of(host.options()), Stream.of("--model", "llava",
                    "--vicuna", "vicuna", "--out", there.toString())).toArray(String[]::new)), io.err());
            assertTrue(io.out().contains("llava_vqa  top heads: 2_5"), io.out());
            io.clearErr();
            assertEquals(Cli.USAGE, io.run(common, Stream.concat(Stream.of(host.options()), Stream.of("--model",
                    "vicuna", "--vicuna", "vicuna", "--out", dir.resolve("no").toString())).toArray(String[]::new)));
            assertTrue(io.err().contains("vicuna is not a LLaVA model"), io.err());
        }
        List<String> files = List.of("figures.csv", "prompts.csv", "heads.csv", "top_heads.csv", "overlap.csv");
        for (String f : files) {
            assertEquals(Files.readString(here.resolve(f)), Files.readString(there.resolve(f)), f);
        }
        assertEquals(withoutSeconds(here.resolve("cases.csv")), withoutSeconds(there.resolve("cases.csv")));
        try (Stream<Path> pngs = Files.list(here).filter(p -> p.toString().endsWith(".png"))) {
            List<Path> list = pngs.toList();
            assertEquals(3, list.size(), list.toString());
            for (Path png : list) {
                assertArrayEquals(Files.readAllBytes(png), Files.readAllBytes(there.resolve(png.getFileName())),
                        png.getFileName().toString());
            }
        }
    }

    /** cases.csv without its last column, the seconds each case took. */
    private static List<String> withoutSeconds(Path casesCsv) throws Exception {
        List<String> rows = Files.readAllLines(casesCsv, StandardCharsets.UTF_8);
        assertTrue(rows.get(0).endsWith(",seconds"), rows.get(0));
        return rows.stream().map(r -> r.substring(0, r.lastIndexOf(','))).toList();
    }
}
