package org.llavalens.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llavalens.analysis.explain.ExplainedCase;
import org.llavalens.client.ApiJson;
import org.llavalens.runtime.io.NpyArray;

/** The {@code sh} blocks of docs/server.md, run as written by bash and curl against a demo host. */
class ServerDocsTest {

    private static final Path DOC = Path.of("../../docs/server.md");

    @TempDir
    static Path dir;

    static List<String> shellBlocks(String markdown) {
        List<String> blocks = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^```sh\\n(.*?)^```$", Pattern.DOTALL).matcher(markdown);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    @Test
    void theCurlExamplesRunAsWritten() throws Exception {
        DemoHost demo = DemoHost.generate(dir.resolve("demo"));
        List<String> blocks = shellBlocks(Files.readString(DOC));
        assertTrue(blocks.size() >= 8, "sh blocks in " + DOC + ": " + blocks.size());
        Path work = Files.createDirectories(dir.resolve("work"));
        Path script = work.resolve("examples.sh");
        Files.writeString(script, "set -euo pipefail\n" + String.join("\n", blocks));
        try (LensServer server = demo.serve(o -> o)) {
            ProcessBuilder pb = new ProcessBuilder("bash", script.toString()).directory(work.toFile())
                    .redirectErrorStream(true);
            pb.environment().put("SERVER", server.uri().toString());
            pb.environment().put("TOKEN", DemoHost.ALICE);
            pb.environment().put("IMAGE", demo.question.image().toString());
            Process p = pb.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            // a bound against a hung example, not a speed claim
            assertTrue(p.waitFor(5, TimeUnit.MINUTES), out);
            System.out.println("ServerDocsTest output:\n" + out);
            assertEquals(0, p.exitValue(), out);
        }
        ExplainedCase result = ApiJson.fromJson(Files.readString(work.resolve("result.json")), ExplainedCase.class);
        double[][] heads = result.record().method("logprob-increase").orElseThrow().headScores().raw();
        NpyArray npy = NpyArray.read(work.resolve("head_scores.npy"));
        assertEquals(heads[0][0], npy.doubles()[0]);
        assertEquals(5, ApiJson.mapFromJson(Files.readString(work.resolve("map.json"))).heads().size());
        assertTrue(Files.size(work.resolve("crop.png")) > 0);
    }
}
