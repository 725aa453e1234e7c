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

class GenerateDemoCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Console console = new Console(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), false);

    private int run(String... args) {
        return Commands.cli().run(args, console);
    }

    @Test
    void writesTheDemoFolderThenFindsItUpToDate(@TempDir Path dir) {
        Path demo = dir.resolve("demo");
        assertEquals(Cli.OK, run("generate-demo", "--out", demo.toString(), "--scenes", "2", "--seed", "5"));
        assertTrue(Files.isRegularFile(demo.resolve("llava/model.safetensors")));
        assertTrue(Files.isRegularFile(demo.resolve("vicuna/tokenizer.json")));
        assertTrue(Files.isRegularFile(demo.resolve("scenes/scene-0001.png")));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("written"), out.toString(StandardCharsets.UTF_8));
        out.reset();
        assertEquals(Cli.OK, run("generate-demo", "--out", demo.toString(), "--scenes", "2", "--seed", "5"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("up to date"), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void badOptionsAreUsageErrors(@TempDir Path dir) {
        assertEquals(Cli.USAGE, run("generate-demo"));
        assertEquals(Cli.USAGE, run("generate-demo", "--out", dir.toString(), "--dtype", "int8"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("f32, f16 or bf16"), err.toString(StandardCharsets.UTF_8));
        assertEquals(Cli.USAGE, run("generate-demo", "--out", dir.toString(), "--seed", "x"));
    }
}
