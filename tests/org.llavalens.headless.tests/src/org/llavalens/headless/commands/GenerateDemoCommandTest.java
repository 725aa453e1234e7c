package org.llavalens.headless.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llavalens.headless.CapturedConsole;
import org.llavalens.headless.cli.Cli;

class GenerateDemoCommandTest {

    private final CapturedConsole io = new CapturedConsole();

    private int run(String... args) {
        return io.run(args);
    }

    @Test
    void writesTheDemoFolderThenFindsItUpToDate(@TempDir Path dir) {
        Path demo = dir.resolve("demo");
        assertEquals(Cli.OK, run("generate-demo", "--out", demo.toString(), "--scenes", "2", "--seed", "5"));
        assertTrue(Files.isRegularFile(demo.resolve("llava/model.safetensors")));
        assertTrue(Files.isRegularFile(demo.resolve("vicuna/tokenizer.json")));
        assertTrue(Files.isRegularFile(demo.resolve("scenes/scene-0001.png")));
        assertTrue(io.out().contains("written"), io.out());
        io.clearOut();
        assertEquals(Cli.OK, run("generate-demo", "--out", demo.toString(), "--scenes", "2", "--seed", "5"));
        assertTrue(io.out().contains("up to date"), io.out());
    }

    @Test
    void badOptionsAreUsageErrors(@TempDir Path dir) {
        assertEquals(Cli.USAGE, run("generate-demo"));
        assertEquals(Cli.USAGE, run("generate-demo", "--out", dir.toString(), "--dtype", "int8"));
        assertTrue(io.err().contains("f32, f16 or bf16"), io.err());
        assertEquals(Cli.USAGE, run("generate-demo", "--out", dir.toString(), "--seed", "x"));
    }
}
