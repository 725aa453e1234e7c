package org.llavalens.headless.commands;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llavalens.demo.DemoCase;
import org.llavalens.demo.DemoGenerator;
import org.llavalens.headless.CapturedConsole;
import org.llavalens.headless.cli.Cli;
import org.llavalens.runtime.text.PromptBuilder;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * {@code trace --server URL --token T --model ID} against a real host on a free port writes the files
 * {@code trace --model DIR} writes here: every .npy byte for byte, trace.json equal apart from the
 * fields {@link #WHERE_AND_WHEN} names; what the host cannot trace is refused in one line.
 */
class TraceOnServerTest {

    /** Where the model ran (a folder here, a host and model id there) and the wall-clock times. */
    private static final Set<String> WHERE_AND_WHEN = Set.of("model_folder", "load_ms", "model_host", "model_id",
            "timings_ms");

    @TempDir
    Path temp;

    private final CapturedConsole io = new CapturedConsole();

    @Test
    void theHostsTraceIsTheLocalTrace() throws Exception {
        DemoCase demo = DemoCase.generate(temp, false);
        String[] common = {"trace", "--image", demo.image().toString(), "--prompt",
                PromptBuilder.llava(demo.question(), demo.answerPrefix()), "--all-logits"};
        Path here = temp.resolve("here");
        Path there = temp.resolve("there");
        assertEquals(Cli.OK, io.run(common, "--model", demo.llava().toString(), "--out", here.toString()), io.err());
        try (DemoHost host = DemoHost.serving(temp, demo.llava())) {
            io.clearOut();
            assertEquals(Cli.OK, io.run(common, join(host.options(), "--model", DemoGenerator.LLAVA, "--out",
                    there.toString())), io.err());
            assertTrue(io.out().contains("wrote "), io.out());

            io.clearErr();
            assertEquals(Cli.USAGE, io.run(common, join(host.options(), "--model", DemoGenerator.LLAVA, "--out",
                    temp.resolve("beyond").toString(), "--target", "999999")));
            assertTrue(io.err().contains("outside the vocabulary"), io.err());
            io.clearErr();
            Path ids = here.resolve("input_ids.npy");
            assertEquals(Cli.USAGE, io.run(new String[] {"trace", "--input-ids", ids.toString(), "--image",
                    demo.image().toString(), "--out", temp.resolve("ids").toString()}, join(host.options(), "--model",
                            DemoGenerator.LLAVA)));
            assertEquals(1, io.err().strip().lines().count(), io.err());
            assertTrue(io.err().contains("a model host traces a picture file and a prompt"), io.err());
        }

        List<String> names = names(here);
        assertEquals(names, names(there), "the same files");
        assertTrue(names.contains("logits_all.npy") && names.contains("attn_last.npy")
                && names.contains("head_scores.npy"), names.toString());
        for (String name : names) {
            if (name.endsWith(".npy")) {
                assertArrayEquals(Files.readAllBytes(here.resolve(name)), Files.readAllBytes(there.resolve(name)), name);
            }
        }
        JsonObject a = withoutWhereAndWhen(here.resolve("trace.json"));
        JsonObject b = withoutWhereAndWhen(there.resolve("trace.json"));
        assertEquals(a, b);
        assertTrue(a.getAsJsonObject("inputs").has("crop"), a.toString());
    }

    private static String[] join(String[] a, String... b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private static JsonObject withoutWhereAndWhen(Path traceJson) throws IOException {
        JsonObject json = JsonParser.parseString(Files.readString(traceJson, StandardCharsets.UTF_8)).getAsJsonObject();
        WHERE_AND_WHEN.forEach(json::remove);
        return json;
    }
}
