package org.llavalens.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llavalens.attribution.report.TokenTableChoices;
import org.llavalens.attribution.report.MethodSelection;
import org.llavalens.attribution.report.AttributionSettings;
import org.llavalens.analysis.AnalyzerSettings;
import org.llavalens.analysis.explain.ExplainRequest;
import org.llavalens.analysis.explain.LiveCase;
import org.llavalens.attribution.HeadAggregation;
import org.llavalens.attribution.method.builtin.CausalAblationMethod;
import org.llavalens.attribution.render.HeatmapStyle;
import org.llavalens.client.ApiJson;
import org.llavalens.client.HostUnavailableException;
import org.llavalens.client.RemoteExplainService;
import org.llavalens.runtime.trace.CaptureSpec;

/**
 * The host process killed (SIGKILL) while a client waits on its job: the client's call ends with one
 * line naming the host, and a host started again on the same port serves the same client.
 */
class HostKillTest {

    @TempDir
    static Path dir;

    @Test
    void aKilledHostIsOneLineAndARestartedOneServes() throws Exception {
        DemoHost demo = DemoHost.generate(dir.resolve("demo"));
        ChildHost first = ChildHost.start(demo, dir, 0);
        int port = first.port();
        RemoteExplainService client = new RemoteExplainService(first.uri(), DemoHost.ALICE);
        // causal ablation reruns the model once per patch: slow enough to be killed mid-way
        AnalyzerSettings slow = AnalyzerSettings.of(new AttributionSettings(
                MethodSelection.of(List.of(CausalAblationMethod.ID)), HeadAggregation.TOP1, HeatmapStyle.DEFAULT,
                TokenTableChoices.ofHeads(1)));
        CompletableFuture<LiveCase> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return client.explain(new ExplainRequest("llava", demo.question, slow), new NullProgressMonitor());
            } catch (java.io.IOException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        ApiJson.JobStatus status = null;
        while (status == null || status.state().equals("queued")) {
            Thread.sleep(50);
            var r = demo.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(first.uri() + "/api/v1/jobs/j1"))
                    .header("Authorization", "Bearer " + DemoHost.ALICE));
            status = r.statusCode() == 200 ? ApiJson.fromJson(r.body(), ApiJson.JobStatus.class) : null;
        }
        assertEquals("running", status.state(), "the job ended before the kill: " + status);
        first.kill();
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> waiting.get(2, TimeUnit.MINUTES));
        Throwable cause = e.getCause() instanceof java.util.concurrent.CompletionException c ? c.getCause() : e.getCause();
        HostUnavailableException gone = assertInstanceOf(HostUnavailableException.class, cause);
        System.out.println("HostKillTest: the client says: " + gone.getMessage());
        assertEquals(1, gone.getMessage().lines().count());
        assertTrue(gone.getMessage().contains("127.0.0.1:" + port), gone.getMessage());
        try (ChildHost second = ChildHost.start(demo, dir, port)) {
            assertEquals(port, second.port());
            assertEquals("llava", client.models().get(0).id());
            try (LiveCase c = client.explain(new ExplainRequest("llava", demo.question,
                    ServerRoundTripTest.settings()), new NullProgressMonitor())) {
                assertTrue(c.explained().headScores().isPresent());
            }
        }
    }
}
