package org.llavalens.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llavalens.analysis.explain.CaseQuestion;
import org.llavalens.analysis.explain.CompareRequest;
import org.llavalens.analysis.explain.CompareTarget;
import org.llavalens.analysis.explain.Comparison;
import org.llavalens.analysis.explain.ExplainException;
import org.llavalens.analysis.explain.LocalExplainService;
import org.llavalens.client.ApiJson;
import org.llavalens.client.RemoteExplainService;

/**
 * POST /compares through a real host and the real client: the comparison is the local service's to
 * the last bit, it carries the caller's name for the case, a client that sends no name (API 1.0)
 * still gets one, and the service's refusal names the case.
 */
class CompareOnHostTest {

    @TempDir
    static Path dir;
    private static DemoHost demo;
    private static LensServer server;
    private static LocalExplainService local;

    @BeforeAll
    static void serve() throws Exception {
        demo = DemoHost.generate(dir.resolve("demo"));
        server = demo.serve(o -> o);
        local = demo.localService();
    }

    @AfterAll
    static void stop() {
        if (local != null) {
            local.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static CompareRequest request(String name, CaseQuestion q, CompareTarget target) {
        return new CompareRequest(name, "llava", "vicuna", q, null, target);
    }

    @Test
    void theHostsComparisonIsTheLocalOne() throws Exception {
        for (CompareTarget target : new CompareTarget[] {CompareTarget.OWN, CompareTarget.LLAVA_VISUAL}) {
            CompareRequest request = request("case-1", demo.question, target);
            Comparison here = local.compare(request, new NullProgressMonitor());
            Comparison there;
            try (RemoteExplainService remote = new RemoteExplainService(server.uri(), DemoHost.ALICE)) {
                there = remote.compare(request, new NullProgressMonitor());
            }
            assertSame(here, there);
            assertEquals("case-1", there.name());
        }
    }

    @Test
    void aClientThatSendsNoNameStillGetsTheComparison() throws Exception {
        String json = ApiJson.toJson(new ApiJson.CompareJobRequest("llava", "vicuna", demo.question.question(),
                demo.question.context(), demo.question.answerPrefix(),
                Base64.getEncoder().encodeToString(Files.readAllBytes(demo.question.image())), null, "OWN", null));
        assertFalse(json.contains("\"name\""), json);
        ApiJson.JobStatus s = ApiJson.fromJson(demo.send(DemoHost.post(server, "/compares", DemoHost.BOB, json))
                .body(), ApiJson.JobStatus.class);
        while (!s.finished()) {
            Thread.sleep(50);
            s = ApiJson.fromJson(demo.send(DemoHost.get(server, "/jobs/" + s.id(), DemoHost.BOB)).body(),
                    ApiJson.JobStatus.class);
        }
        assertEquals("done", s.state(), s.error());
        Comparison unnamed = ApiJson.fromJson(demo.send(DemoHost.get(server, "/jobs/" + s.id() + "/result",
                DemoHost.BOB)).body(), Comparison.class);
        // the host names it by the picture's hash, as the service names a case nobody named
        assertTrue(unnamed.name().startsWith("sha256:"), unnamed.name());
        assertSame(local.compare(request(null, demo.question, CompareTarget.OWN), new NullProgressMonitor()),
                unnamed);
    }

    @Test
    void aCaseWithoutItsSceneAsTextIsRefusedByNameInOneLine() {
        CaseQuestion noScene = new CaseQuestion(demo.question.image(), null, null, demo.question.question(),
                demo.question.answerPrefix(), null);
        try (RemoteExplainService remote = new RemoteExplainService(server.uri(), DemoHost.ALICE)) {
            ExplainException.NotAnswerable e = assertThrows(ExplainException.NotAnswerable.class,
                    () -> remote.compare(request("case-9", noScene, CompareTarget.OWN), new NullProgressMonitor()));
            assertEquals("case case-9 has no text description of its scene (its 'context'), so it cannot be asked"
                    + " as text QA", e.getMessage());
        }
    }

    /** Equal but for the name: the same three panels, scores to the last bit, the same overlaps. */
    private static void assertSame(Comparison a, Comparison b) {
        assertEquals(a.target(), b.target());
        assertEquals(a.overlapTextText(), b.overlapTextText());
        assertEquals(a.overlapVicunaVisual(), b.overlapVicunaVisual());
        assertEquals(a.overlapTextVisual(), b.overlapTextVisual());
        for (int i = 0; i < 3; i++) {
            Comparison.Panel x = a.panels().get(i);
            Comparison.Panel y = b.panels().get(i);
            assertEquals(x.name(), y.name());
            assertEquals(x.answer(), y.answer());
            assertEquals(x.top10(), y.top10());
            assertEquals(x.explained(), y.explained());
            assertEquals(x.explainedId(), y.explainedId());
            assertEquals(x.explainedRank(), y.explainedRank(), 0.0);
            assertEquals(x.explainedProbability(), y.explainedProbability(), 0.0);
            for (int l = 0; l < x.headScores().numLayers(); l++) {
                assertArrayEquals(x.headScores().raw()[l], y.headScores().raw()[l], 0.0, x.name() + " layer " + l);
            }
        }
    }
}
