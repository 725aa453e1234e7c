package org.llavalens.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.llavalens.analysis.explain.CaseQuestion;
import org.llavalens.analysis.explain.LocalExplainService;
import org.llavalens.analysis.explain.ModelCatalog;
import org.llavalens.attribution.method.MethodRegistry;
import org.llavalens.demo.DemoCase;
import org.llavalens.demo.DemoGenerator;
import org.llavalens.demo.scene.Animal;
import org.llavalens.runtime.compute.ComputeSettings;

/**
 * The demo LLaVA and Vicuna models and one scene in a folder, a tokens file with two annotators,
 * and hosts serving them on free ports; raw HTTP for what a client library would hide (statuses).
 */
final class DemoHost {

    static final String ALICE = "alice-token-0123456789";
    static final String BOB = "bob-token-9876543210";

    final Path root;
    final Path llava;
    final Path vicuna;
    final Path tokens;
    final CaseQuestion question;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private DemoHost(Path root, CaseQuestion question) {
        this.root = root;
        this.llava = root.resolve(DemoGenerator.LLAVA);
        this.vicuna = root.resolve(DemoGenerator.VICUNA);
        this.tokens = root.resolve("tokens.txt");
        this.question = question;
    }

    static DemoHost generate(Path root) throws IOException {
        DemoCase generated = DemoCase.generate(root, true);
        Animal animal = generated.animal();
        CaseQuestion q = new CaseQuestion(generated.image(), null,
                "There is a " + animal.answer() + " " + animal.species().word() + ".", generated.question(),
                generated.answerPrefix(), null);
        DemoHost demo = new DemoHost(root, q);
        Files.writeString(demo.tokens, "# annotators of the test host\n" + ALICE + " Alice Liddell\n\n" + BOB + " Bob\n");
        return demo;
    }

    LocalExplainService localService() {
        return new LocalExplainService(ModelCatalog.ofFolders(List.of(llava, vicuna)), ComputeSettings.CPU_FP32,
                MethodRegistry.builtIns(), 2);
    }

    /** A host on a free port of 127.0.0.1 with the tokens file, as {@code options} adjust it. */
    LensServer serve(java.util.function.UnaryOperator<HostOptions> adjust) throws IOException {
        HostOptions options = adjust.apply(HostOptions.local(List.of(llava, vicuna), 0, tokens));
        return LensServer.start(new ModelHost(localService(), options), options, null);
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static HttpRequest.Builder get(LensServer server, String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.uri() + "/api/v2" + path));
        return token == null ? b : b.header("Authorization", "Bearer " + token);
    }

    static HttpRequest.Builder post(LensServer server, String path, String token, String json) {
        return get(server, path, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    }
}
