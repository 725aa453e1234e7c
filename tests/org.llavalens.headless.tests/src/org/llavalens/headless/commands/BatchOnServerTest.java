package org.llavalens.headless.commands;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llavalens.headless.CapturedConsole;
import org.llavalens.headless.cli.Cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * {@code batch --server URL --token T --model ID --vicuna ID} against a real host on a free port
 * writes the result files {@code batch --model DIR --vicuna DIR} writes here: heatmap PNGs byte for
 * byte, result JSON equal apart from the provenance fields {@link #PER_RUN} names; and a rerun through
 * the host resumes (every case already done).
 */
class BatchOnServerTest {

    /**
     * What differs between two runs of the same case: wall-clock times and dates, and the model's id
     * (a folder's path here, the folder's name on the host).
     */
    static final Set<String> PER_RUN = Set.of("forwardTimings", "createdAt", "millis", "modelId");

    private final CapturedConsole io = new CapturedConsole();

    @TempDir
    Path dir;

    @Test
    void theHostsBatchWritesTheLocalBatchsFiles() throws Exception {
        Path demo = dir.resolve("demo");
        assertEquals(Cli.OK, io.run("generate-demo", "--out", demo.toString(), "--scenes", "2"), io.err());
        Path here = dir.resolve("here");
        int n = DemoProjects.create(io, demo, here);
        Path there = dir.resolve("there");
        copy(here, there);
        String[] common = {"batch", "--max-new-tokens", "2"};

        assertEquals(Cli.OK, io.run(common, "--project", here.toString(), "--model", demo.resolve("llava").toString(),
                "--vicuna", demo.resolve("vicuna").toString()), io.err());
        try (DemoHost host = DemoHost.serving(dir, demo.resolve("llava"), demo.resolve("vicuna"))) {
            io.clearOut();
            assertEquals(Cli.OK, io.run(join(common, host.options()), "--project", there.toString(), "--model",
                    "llava", "--vicuna", "vicuna"), io.err());
            assertTrue(io.out().contains(n + " cases: " + n + " computed, 0 already done, 0 failed"), io.out());
            io.clearOut();
            assertEquals(Cli.OK, io.run(join(common, host.options()), "--project", there.toString(), "--model",
                    "llava", "--vicuna", "vicuna"), io.err());
            assertTrue(io.out().contains(n + " cases: 0 computed, " + n + " already done, 0 failed"), io.out());
            io.clearErr();
            assertEquals(Cli.USAGE, io.run(join(common, host.options()), "--project", there.toString(), "--model",
                    "../llava"));
            assertTrue(io.err().contains("no model '../llava' here"), io.err());
        }

        Map<String, Path> expected = results(here);
        Map<String, Path> actual = results(there);
        assertEquals(expected.keySet(), actual.keySet(), "the same result files");
        assertEquals(2 * n, expected.keySet().stream().filter(f -> f.endsWith(".json")).count(),
                "a LLaVA and a Vicuna result per case");
        assertTrue(expected.keySet().stream().anyMatch(f -> f.endsWith(".png")), "heatmaps among them");
        for (String name : expected.keySet()) {
            if (name.endsWith(".json")) {
                assertEquals(withoutPerRun(parse(expected.get(name))), withoutPerRun(parse(actual.get(name))), name);
            } else {
                assertArrayEquals(Files.readAllBytes(expected.get(name)), Files.readAllBytes(actual.get(name)), name);
            }
        }
    }

    private static String[] join(String[] a, String[] b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }

    /** Every file under the project's results/, by its path relative to results/. */
    private static Map<String, Path> results(Path project) throws IOException {
        Map<String, Path> out = new TreeMap<>();
        Path results = project.resolve("results");
        try (Stream<Path> files = Files.walk(results)) {
            files.filter(Files::isRegularFile).forEach(f -> out.put(results.relativize(f).toString(), f));
        }
        return out;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }

    private static JsonElement parse(Path file) throws IOException {
        return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
    }

    /** The JSON with every {@link #PER_RUN} field removed, at any depth. */
    static JsonElement withoutPerRun(JsonElement e) {
        if (e.isJsonObject()) {
            JsonObject out = new JsonObject();
            e.getAsJsonObject().entrySet().stream().filter(x -> !PER_RUN.contains(x.getKey()))
                    .forEach(x -> out.add(x.getKey(), withoutPerRun(x.getValue())));
            return out;
        }
        if (e.isJsonArray()) {
            com.google.gson.JsonArray out = new com.google.gson.JsonArray();
            e.getAsJsonArray().forEach(x -> out.add(withoutPerRun(x)));
            return out;
        }
        return e;
    }
}
