package org.llavalens.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llavalens.attribution.report.TokenTableChoices;
import org.llavalens.attribution.report.MethodSelection;
import org.llavalens.attribution.report.AttributionSettings;
import org.llavalens.analysis.AnalyzerSettings;
import org.llavalens.analysis.explain.ExplainException;
import org.llavalens.analysis.explain.ExplainRequest;
import org.llavalens.analysis.explain.ExplainedCase;
import org.llavalens.analysis.explain.HeadMap;
import org.llavalens.analysis.explain.LiveCase;
import org.llavalens.analysis.explain.LocalExplainService;
import org.llavalens.analysis.explain.ModelInfo;
import org.llavalens.attribution.HeadAggregation;
import org.llavalens.attribution.HeadId;
import org.llavalens.attribution.method.builtin.AverageAttentionMethod;
import org.llavalens.attribution.method.builtin.LogProbIncreaseMethod;
import org.llavalens.attribution.Similarity;
import org.llavalens.attribution.render.HeatmapStyle;
import org.llavalens.attribution.result.MethodResult;
import org.llavalens.client.ApiJson;
import org.llavalens.client.RemoteExplainService;
import org.llavalens.runtime.io.NpyArray;
import org.llavalens.runtime.trace.CaptureSpec;

/**
 * The demo models through a real host on a free port and the real client: the same record as a
 * local analysis (arrays equal to the last bit), the same follow-ups, and the host's refusals.
 */
class ServerRoundTripTest {

    @TempDir
    static Path dir;
    private static DemoHost demo;
    private static LensServer server;
    private static LocalExplainService local;
    private static LiveCase here;
    private static LiveCase there;

    static AnalyzerSettings settings() {
        return new AnalyzerSettings(new AttributionSettings(
                MethodSelection.of(List.of(LogProbIncreaseMethod.ID, AverageAttentionMethod.ID)), HeadAggregation.TOP1,
                HeatmapStyle.DEFAULT, TokenTableChoices.ofHeads(3)), 4, false, CaptureSpec.ATTRIBUTION);
    }

    @BeforeAll
    static void explainBothWays() throws Exception {
        demo = DemoHost.generate(dir.resolve("demo"));
        server = demo.serve(o -> o.withLimits(new Limits(1 << 20, 200_000, 1_000_000, 2000)));
        local = demo.localService();
        here = local.explain(new ExplainRequest("llava", demo.question, settings()), new NullProgressMonitor());
        try (RemoteExplainService remote = new RemoteExplainService(server.uri(), DemoHost.ALICE)) {
            there = remote.explain(new ExplainRequest("llava", demo.question, settings()), new NullProgressMonitor());
        }
    }

    @AfterAll
    static void stop() {
        if (here != null) {
            here.close();
        }
        if (local != null) {
            local.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theSettingsSurviveTheWire() {
        assertEquals(settings(), ApiJson.settings(ApiJson.wire(settings())));
        assertEquals(settings().withMethods(List.of(LogProbIncreaseMethod.ID)),
                ApiJson.settings(ApiJson.wire(settings().withMethods(List.of(LogProbIncreaseMethod.ID)))));
    }

    @Test
    void theHostsRecordIsTheLocalRecord() {
        ExplainedCase a = here.explained();
        ExplainedCase b = there.explained();
        assertEquals(a.target(), b.target());
        assertEquals(a.prompt(), b.prompt());
        assertEquals(a.answer(), b.answer());
        assertEquals(a.tokens(), b.tokens());
        assertArrayEquals(a.provenance().inputIds(), b.provenance().inputIds());
        assertEquals(a.provenance().weightsHash(), b.provenance().weightsHash());
        assertEquals(a.tokenTables(), b.tokenTables());
        assertEquals(a.methods().size(), b.methods().size());
        for (int i = 0; i < a.methods().size(); i++) {
            MethodResult x = a.methods().get(i);
            MethodResult y = b.methods().get(i);
            assertEquals(x.methodId(), y.methodId());
            assertEquals(x.headScores() == null, y.headScores() == null, x.methodId());
            for (int l = 0; x.headScores() != null && l < x.headScores().numLayers(); l++) {
                assertArrayEquals(x.headScores().layer(l), y.headScores().layer(l), 0.0, x.methodId() + " layer " + l);
            }
            assertArrayEquals(x.imageScores().toArray(), y.imageScores().toArray(), 0.0, x.methodId());
            assertEquals(x.arrays() == null ? null : x.arrays().keySet(), y.arrays() == null ? null : y.arrays().keySet());
            if (x.arrays() != null) {
                x.arrays().forEach((name, v) -> assertArrayEquals(v.toArray(), y.arrays().get(name).toArray(), 0.0, name));
            }
            assertEquals(x.positionScores() == null, y.positionScores() == null);
            if (x.positionScores() != null) {
                x.positionScores().forEach((h, s) -> assertArrayEquals(s.toArray(), y.positionScores().get(h).toArray(), 0.0, h.toString()));
            }
        }
        assertEquals(here.crop().orElseThrow().getWidth(), there.crop().orElseThrow().getWidth());
    }

    @Test
    void followUpsAgreeWithTheLocalCase() {
        HeadMap a = here.map(HeadAggregation.parse("topK:3"), new NullProgressMonitor());
        HeadMap b = there.map(HeadAggregation.parse("topK:3"), new NullProgressMonitor());
        assertEquals(a.heads(), b.heads());
        assertArrayEquals(a.image().orElseThrow().raw(), b.image().orElseThrow().raw(), 0.0);
        assertEquals(a.label(), b.label());
        assertArrayEquals(here.nextTokens(null).ids(), there.nextTokens(null).ids());
        int last = here.explained().tokens().size() - 1;
        assertEquals(here.position(last, null), there.position(last, null));
        HeadId top = a.heads().get(0);
        assertEquals(here.patch(0, top, null).tables(), there.patch(0, top, null).tables());
        assertEquals(here.embedding(Similarity.COSINE, null),
                there.embedding(Similarity.COSINE, null));
        assertThrows(ExplainException.NotAnswerable.class, () -> there.patch(100_000, null, null));
    }

    @Test
    void modelsAreListedWithTheirWeightsHash() throws Exception {
        try (RemoteExplainService remote = new RemoteExplainService(server.uri(), DemoHost.BOB)) {
            List<ModelInfo> models = remote.models();
            assertEquals(List.of("llava", "vicuna"), models.stream().map(ModelInfo::id).toList());
            assertEquals(here.explained().provenance().weightsHash(), models.get(0).weightsHash());
            assertEquals(ModelInfo.Kind.VICUNA, models.get(1).kind());
        }
    }

    @Test
    void arraysComeAsNpy(@TempDir Path tmp) throws Exception {
        ApiJson.JobStatus job = submit(DemoHost.ALICE, "What is in the picture?");
        HttpResponse<byte[]> r = demo.http.send(DemoHost.get(server, "/jobs/" + job.id() + "/arrays/"
                + LogProbIncreaseMethod.ID + "/head_scores.npy", DemoHost.ALICE).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        Path file = Files.write(tmp.resolve("h.npy"), r.body());
        NpyArray array = NpyArray.read(file);
        ExplainedCase e = ApiJson.fromJson(demo.send(DemoHost.get(server, "/jobs/" + job.id() + "/result",
                DemoHost.ALICE)).body(), ExplainedCase.class);
        double[][] heads = e.record().method(LogProbIncreaseMethod.ID).orElseThrow().headScores().raw();
        assertArrayEquals(new int[] {heads.length, heads[0].length}, array.shape());
        assertArrayEquals(heads[heads.length - 1], java.util.Arrays.copyOfRange(array.doubles(),
                (heads.length - 1) * heads[0].length, heads.length * heads[0].length), 0.0);
    }

    @Test
    void aSecondAnnotatorGetsTheSameCaseFromTheCache() throws Exception {
        ApiJson.JobStatus first = submit(DemoHost.ALICE, "What colour is the animal?");
        ApiJson.JobStatus second = ApiJson.fromJson(demo.send(DemoHost.post(server, "/jobs", DemoHost.BOB,
                jobJson("What colour is the animal?"))).body(), ApiJson.JobStatus.class);
        assertEquals("done", second.state());
        assertTrue(second.cached());
        assertEquals("Bob", second.annotator());
        assertEquals("Alice Liddell", first.annotator());
        assertEquals(demo.send(DemoHost.get(server, "/jobs/" + first.id() + "/result", DemoHost.ALICE)).body(),
                demo.send(DemoHost.get(server, "/jobs/" + second.id() + "/result", DemoHost.BOB)).body());
    }

    @Test
    void refusalsHaveTheirStatusAndOneLine() throws Exception {
        assertRefused(401, DemoHost.get(server, "/models", null));
        assertRefused(401, DemoHost.get(server, "/models", "not-a-token-of-the-file"));
        assertRefused(400, DemoHost.post(server, "/jobs", DemoHost.ALICE, "{\"model\": \"llava\", \"question\": "));
        assertRefused(404, DemoHost.post(server, "/jobs", DemoHost.ALICE,
                jobJson("Why?").replace("\"model\":\"llava\"", "\"model\":\"../llava\"")));
        assertRefused(404, DemoHost.get(server, "/jobs/../../etc/passwd", DemoHost.ALICE));
        byte[] big = new byte[300_000];
        new java.util.Random(1).nextBytes(big);
        assertRefused(413, DemoHost.post(server, "/jobs", DemoHost.ALICE, ApiJson.toJson(new ApiJson.JobRequest(
                "llava", "Why?", null, null, null, Base64.getEncoder().encodeToString(big), null))));
        java.awt.image.BufferedImage wide = new java.awt.image.BufferedImage(2000, 1000,
                java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(wide, "png", png);
        assertRefused(413, DemoHost.post(server, "/jobs", DemoHost.ALICE, ApiJson.toJson(new ApiJson.JobRequest(
                "llava", "Why?", null, null, null, Base64.getEncoder().encodeToString(png.toByteArray()), null))));
        assertRefused(413, DemoHost.post(server, "/jobs", DemoHost.ALICE, jobJson("Why?".repeat(1000))));
        assertRefused(400, DemoHost.post(server, "/jobs", DemoHost.ALICE,
                jobJson("Why?").replace("\"heads\":\"top1\"", "\"heads\":\"top-nothing\"")));
        try (RemoteExplainService remote = new RemoteExplainService(server.uri(), DemoHost.ALICE)) {
            assertThrows(ExplainException.UnknownModel.class, () -> remote.explain(
                    new ExplainRequest("../x", demo.question, settings()), new NullProgressMonitor()));
            assertThrows(ExplainException.BadTarget.class, () -> remote.explain(new ExplainRequest("llava",
                    demo.question.withTarget("qqqzzzxx-not-a-word"), settings()), new NullProgressMonitor()));
        }
    }

    private static void assertRefused(int status, java.net.http.HttpRequest.Builder request) throws Exception {
        HttpResponse<String> r = demo.send(request);
        assertEquals(status, r.statusCode(), r.body());
        ApiJson.Problem p = ApiJson.fromJson(r.body(), ApiJson.Problem.class);
        assertEquals(status, p.status());
        assertEquals(1, p.error().lines().count(), p.error());
    }

    static String jobJson(String question) throws Exception {
        return jobJson(demo, question);
    }

    static String jobJson(DemoHost demo, String question) throws Exception {
        return ApiJson.toJson(new ApiJson.JobRequest("llava", question, null, demo.question.answerPrefix(), null,
                Base64.getEncoder().encodeToString(Files.readAllBytes(demo.question.image())),
                ApiJson.wire(settings())));
    }

    /** Submits and waits for the job as a client does (polling its status). */
    private static ApiJson.JobStatus submit(String token, String question) throws Exception {
        ApiJson.JobStatus s = ApiJson.fromJson(demo.send(DemoHost.post(server, "/jobs", token, jobJson(question)))
                .body(), ApiJson.JobStatus.class);
        while (!s.finished()) {
            Thread.sleep(50);
            s = ApiJson.fromJson(demo.send(DemoHost.get(server, "/jobs/" + s.id(), token)).body(),
                    ApiJson.JobStatus.class);
        }
        assertEquals("done", s.state(), s.error());
        return s;
    }
}
