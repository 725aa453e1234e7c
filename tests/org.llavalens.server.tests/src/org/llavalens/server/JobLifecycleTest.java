package org.llavalens.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llavalens.attribution.method.builtin.CausalAblationMethod;
import org.llavalens.client.ApiJson;

/**
 * Jobs end as their clients say: one cancelled by DELETE while it waits, one abandoned by its
 * client (no status request) cancelled by the host, and the model free again for the next.
 */
class JobLifecycleTest {

    @TempDir
    static Path dir;

    @Test
    void cancelledAndAbandonedJobsEndAndTheModelServesTheNext() throws Exception {
        DemoHost demo = DemoHost.generate(dir.resolve("demo"));
        try (LensServer server = demo.serve(o -> new HostOptions(o.models(), o.bind(), 0, o.tokens(), 4, 1,
                Duration.ofMillis(400), 4, o.limits(), null, null))) {
            // causal ablation reruns the model once per patch: a job slow enough to be abandoned mid-way
            String slow = ApiJson.toJson(new ApiJson.JobRequest("llava", demo.question.question(), null,
                    demo.question.answerPrefix(), null, java.util.Base64.getEncoder().encodeToString(
                            java.nio.file.Files.readAllBytes(demo.question.image())),
                    new ApiJson.Settings(List.of(CausalAblationMethod.ID), null, null, 0, null, null, null, null,
                            null, null, null)));
            ApiJson.JobStatus abandoned = status(demo.send(DemoHost.post(server, "/jobs", DemoHost.ALICE, slow)).body());
            ApiJson.JobStatus waiting = status(demo.send(DemoHost.post(server, "/jobs", DemoHost.BOB, slow)).body());
            assertEquals("queued", waiting.state());
            ApiJson.JobStatus cancelled = status(demo.send(DemoHost.get(server, "/jobs/" + waiting.id(), DemoHost.BOB)
                    .DELETE()).body());
            assertEquals("cancelled", cancelled.state());
            assertTrue(cancelled.error().contains("Bob"), cancelled.error());
            ApiJson.JobStatus end = abandoned;
            while (!end.finished()) {
                Thread.sleep(200);
                // the host's own view, not a status request (which would tell it the client is there)
                end = server.host().job(abandoned.id()).status(0);
            }
            assertEquals("cancelled", end.state(), end.error());
            assertTrue(end.error().contains("gone"), end.error());
            assertEquals(409, demo.send(DemoHost.get(server, "/jobs/" + abandoned.id() + "/result", DemoHost.ALICE))
                    .statusCode());
            ApiJson.JobStatus next = status(demo.send(DemoHost.post(server, "/jobs", DemoHost.ALICE,
                    ServerRoundTripTest.jobJson(demo, "And now?"))).body());
            while (!next.finished()) {
                Thread.sleep(50);
                next = status(demo.send(DemoHost.get(server, "/jobs/" + next.id(), DemoHost.ALICE)).body());
            }
            assertEquals("done", next.state(), next.error());
        }
    }

    private static ApiJson.JobStatus status(String json) {
        return ApiJson.fromJson(json, ApiJson.JobStatus.class);
    }
}
