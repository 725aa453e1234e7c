package org.llavalens.headless.commands;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.llavalens.analysis.explain.LocalExplainService;
import org.llavalens.analysis.explain.ModelCatalog;
import org.llavalens.attribution.method.MethodRegistry;
import org.llavalens.runtime.compute.ComputeSettings;
import org.llavalens.server.HostOptions;
import org.llavalens.server.LensServer;
import org.llavalens.server.ModelHost;

/**
 * A real model host on a free port of 127.0.0.1 serving model folders (each model's id its folder's
 * name) to one annotator: what the tests of {@code --server} run the commands against.
 */
final class DemoHost implements AutoCloseable {

    static final String TOKEN = "carol-token-5555555555";

    private final LensServer server;

    private DemoHost(LensServer server) {
        this.server = server;
    }

    /** @param temp where the tokens file goes */
    static DemoHost serving(Path temp, Path... models) throws IOException {
        Path tokens = Files.writeString(temp.resolve("tokens.txt"), TOKEN + " Carol\n");
        HostOptions options = HostOptions.local(List.of(models), 0, tokens);
        ModelHost host = new ModelHost(new LocalExplainService(ModelCatalog.ofFolders(List.of(models)),
                ComputeSettings.CPU_FP32, MethodRegistry.builtIns(), models.length), options);
        return new DemoHost(LensServer.start(host, options, null));
    }

    URI uri() {
        return server.uri();
    }

    /** {@code --server URL --token T}. */
    String[] options() {
        return new String[] {"--server", server.uri().toString(), "--token", TOKEN};
    }

    @Override
    public void close() {
        server.close();
    }
}
