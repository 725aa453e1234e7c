package org.llavalens.headless.commands;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.llavalens.analysis.explain.LocalExplainService;
import org.llavalens.analysis.explain.ModelCatalog;
import org.llavalens.analysis.explain.ModelInfo;
import org.llavalens.attribution.method.MethodRegistry;
import org.llavalens.headless.cli.Arguments;
import org.llavalens.headless.cli.Command;
import org.llavalens.headless.cli.CommandLine;
import org.llavalens.headless.cli.Console;
import org.llavalens.headless.cli.Option;
import org.llavalens.headless.cli.UsageException;
import org.llavalens.server.HostOptions;
import org.llavalens.server.LensServer;
import org.llavalens.server.Limits;
import org.llavalens.server.ModelHost;

/**
 * {@code ./llavalens serve}: one model host for a team. Loads each model folder once, then answers
 * the API of docs/server.md until stopped (Ctrl-C).
 */
public final class ServeCommand implements Command {

    @Override
    public String name() {
        return "serve";
    }

    @Override
    public String summary() {
        return "host models for the team's workbenches and CLIs (HTTP API, docs/server.md)";
    }

    @Override
    public List<String> synopsis() {
        return List.of("serve --models DIR[,DIR...] [--port N] [--bind ADDR] [--tokens FILE] [--queue N] "
                + "[--concurrency N] [--keystore FILE --keystore-password P]");
    }

    @Override
    public List<Option> options() {
        return ComputeOptions.with(List.of(
                Option.value("models", "DIR,...", "model folders to serve; each model's id is its folder's name"),
                Option.value("port", "N", "the port (default 8765; 0 picks a free one)"),
                Option.value("bind", "ADDR", "the address to listen on (default 127.0.0.1: only this machine)"),
                Option.value("tokens", "FILE", "one 'TOKEN NAME' line per annotator; requests without a listed "
                        + "bearer token get 401 (default: open to anyone who reaches the port)"),
                Option.value("queue", "N", "jobs that may wait per model (default 8); more get 429 with Retry-After"),
                Option.value("concurrency", "N", "jobs that run at once per model (default 1)"),
                Option.value("client-timeout", "S", "cancel a job whose client asked nothing for S seconds (default 30)"),
                Option.value("live-cases", "N", "explained cases kept for follow-ups and the result cache (default 32)"),
                Option.value("max-image-mb", "N", "largest picture accepted, in MiB (default 16)"),
                Option.value("keystore", "FILE", "serve HTTPS with this PKCS#12/JKS keystore (or put a TLS reverse "
                        + "proxy in front: docs/server.md)"),
                Option.value("keystore-password", "P", "the keystore's password (default: $LLAVALENS_KEYSTORE_PASSWORD)")));
    }

    @Override
    public List<String> examples() {
        return List.of("serve --models models/demo/llava-demo,models/demo/vicuna-demo --tokens tokens.txt",
                "serve --models /data/llava-1.5-7b-hf --bind 0.0.0.0 --keystore host.p12 --tokens tokens.txt");
    }

    @Override
    public void run(CommandLine commandLine, Console console) throws Exception {
        Arguments args = commandLine.parse();
        String models = args.require("models");
        int port = args.integer("port", 8765);
        String bind = args.get("bind", "127.0.0.1");
        Path tokens = args.path("tokens", null);
        int queue = args.integer("queue", 8);
        int concurrency = args.integer("concurrency", 1);
        int clientTimeout = args.integer("client-timeout", 30);
        int liveCases = args.integer("live-cases", 32);
        int maxImageMb = args.integer("max-image-mb", 16);
        Path keystore = args.path("keystore", null);
        String password = args.get("keystore-password", System.getenv("LLAVALENS_KEYSTORE_PASSWORD"));
        ComputeOptions compute = ComputeOptions.read(args);
        args.requireAllUsed();
        List<Path> folders = new ArrayList<>();
        for (String m : models.split(",")) {
            if (!m.isBlank()) {
                folders.add(Path.of(m.strip()));
            }
        }
        if (tokens != null && !Files.isRegularFile(tokens)) {
            throw new UsageException("--tokens " + tokens + " is not a file");
        }
        if (keystore != null && (password == null || !Files.isRegularFile(keystore))) {
            throw new UsageException("--keystore needs an existing file and --keystore-password (or "
                    + "$LLAVALENS_KEYSTORE_PASSWORD)");
        }
        if (clientTimeout < 1 || maxImageMb < 1) {
            throw new UsageException("--client-timeout and --max-image-mb are positive");
        }
        HostOptions options;
        ModelCatalog catalog;
        try {
            Limits d = Limits.DEFAULT;
            options = new HostOptions(folders, bind, port, tokens, queue, concurrency,
                    Duration.ofSeconds(clientTimeout), liveCases,
                    new Limits(d.maxBodyBytes() + ((long) maxImageMb << 20) * 4 / 3, (long) maxImageMb << 20,
                            d.maxImagePixels(), d.maxPromptChars()), keystore, password);
            catalog = ModelCatalog.ofFolders(folders);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        MethodRegistry registry = MethodRegistry.fromPlatform();
        registry.problems().forEach(console::warn);
        console.info("loading " + folders.size() + " model(s)");
        ModelHost host = new ModelHost(new LocalExplainService(catalog, compute.settings(), registry,
                folders.size()), options);
        for (ModelInfo m : host.models()) {
            console.printf("model %s: %s, %d layers x %d heads, weights %s", m.id(), m.kind(), m.layers(), m.heads(),
                    m.weightsHash());
        }
        try (LensServer server = LensServer.start(host, options, System.out)) {
            console.printf("serving %s/api/v2 (%s; queue %d, %d at a time per model)", server.uri(),
                    tokens == null ? "open: no --tokens" : "bearer tokens of " + tokens, queue, concurrency);
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "llavalens-serve-stop"));
            server.join();
        }
    }
}
