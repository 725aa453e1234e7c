package org.llavalens.headless.commands;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llavalens.analysis.explain.LocalExplainService;
import org.llavalens.analysis.explain.ModelCatalog;
import org.llavalens.attribution.method.MethodRegistry;
import org.llavalens.attribution.result.AttributionRecord;
import org.llavalens.attribution.result.MethodResult;
import org.llavalens.attribution.result.ResultJson;
import org.llavalens.demo.DemoCase;
import org.llavalens.demo.DemoGenerator;
import org.llavalens.headless.CapturedConsole;
import org.llavalens.headless.cli.Cli;
import org.llavalens.runtime.compute.ComputeSettings;
import org.llavalens.server.HostOptions;
import org.llavalens.server.LensServer;
import org.llavalens.server.ModelHost;

/**
 * {@code analyze --server URL --token T --model ID} against a real host on a free port: the same
 * result record as {@code analyze --model DIR} here (arrays equal), and a host that is not there is
 * one line and exit 1.
 */
class AnalyzeOnServerTest {

    private static final String TOKEN = "carol-token-5555555555";

    @TempDir
    Path temp;

    @Test
    void theHostsResultIsTheLocalResult() throws Exception {
        DemoCase demo = DemoCase.generate(temp, false);
        Path llava = demo.llava();
        Path tokens = Files.writeString(temp.resolve("tokens.txt"), TOKEN + " Carol\n");
        String[] common = {"analyze", "--image", demo.image().toString(), "--question", demo.question(),
                "--answer-prefix", demo.answerPrefix(), "--max-new-tokens", "3"};
        CapturedConsole io = new CapturedConsole();
        assertEquals(Cli.OK, io.run(common, "--model", llava.toString(), "--out", temp.resolve("here").toString()),
                io.err());
        HostOptions options = HostOptions.local(List.of(llava), 0, tokens);
        try (LensServer server = LensServer.start(new ModelHost(new LocalExplainService(ModelCatalog.ofFolders(
                List.of(llava)), ComputeSettings.CPU_FP32, MethodRegistry.builtIns(), 1), options), options, null)) {
            assertEquals(Cli.OK, io.run(common, "--server", server.uri().toString(), "--token", TOKEN, "--model",
                    DemoGenerator.LLAVA, "--out", temp.resolve("there").toString()), io.err());
            io.clearErr();
            assertEquals(Cli.USAGE, io.run(common, "--server", server.uri().toString(), "--token", TOKEN, "--model",
                    "../" + DemoGenerator.LLAVA, "--out", temp.resolve("nowhere").toString()));
            assertTrue(io.err().contains("no model '../llava' here"), io.err());
        }
        AttributionRecord a = ResultJson.read(temp.resolve("here/result.json"));
        AttributionRecord b = ResultJson.read(temp.resolve("there/result.json"));
        assertEquals(a.target(), b.target());
        assertEquals(a.tokenTables(), b.tokenTables());
        for (int i = 0; i < a.methods().size(); i++) {
            MethodResult x = a.methods().get(i);
            MethodResult y = b.methods().get(i);
            assertEquals(x.methodId(), y.methodId());
            assertArrayEquals(x.imageScores().toArray(), y.imageScores().toArray(), 0.0, x.methodId());
            for (int l = 0; x.headScores() != null && l < x.headScores().numLayers(); l++) {
                assertArrayEquals(x.headScores().layer(l), y.headScores().layer(l), 0.0, x.methodId() + " layer " + l);
            }
        }
        assertEquals(a.provenance().imageHash(), b.provenance().imageHash());
        io.clearErr();
        assertEquals(Cli.FAILURE, io.run(common, "--server", "http://127.0.0.1:1", "--token", TOKEN, "--model",
                DemoGenerator.LLAVA, "--out", temp.resolve("gone").toString()));
        // the progress lines before it are info; the failure itself is one line
        assertEquals(1, io.err().lines().filter(l -> l.startsWith("llavalens analyze:")).count(), io.err());
        assertTrue(io.err().contains("does not answer"), io.err());
    }
}
