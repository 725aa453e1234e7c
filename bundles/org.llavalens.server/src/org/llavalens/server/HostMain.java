package org.llavalens.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import org.llavalens.analysis.explain.LocalExplainService;
import org.llavalens.analysis.explain.ModelCatalog;
import org.llavalens.attribution.method.MethodRegistry;
import org.llavalens.runtime.compute.ComputeSettings;

/**
 * A model host in a plain JVM, without the OSGi product: the built-in methods, CPU fp32, the
 * default limits. The tests start it as a child process to kill it mid-job (a process they can
 * kill, unlike their own); operators use {@code ./llavalens serve}.
 *
 * <p>Arguments: {@code PORT_FILE PORT TOKENS_FILE MODEL_DIR...}; the bound port is written to
 * PORT_FILE once the host serves.
 */
public final class HostMain {

    private HostMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: HostMain PORT_FILE PORT TOKENS_FILE MODEL_DIR...");
            System.exit(2);
        }
        Path portFile = Path.of(args[0]);
        List<Path> models = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            models.add(Path.of(args[i]));
        }
        HostOptions options = HostOptions.local(models, Integer.parseInt(args[1]), Path.of(args[2]));
        ModelHost host = new ModelHost(new LocalExplainService(ModelCatalog.ofFolders(models),
                ComputeSettings.CPU_FP32, MethodRegistry.builtIns(), models.size()), options);
        LensServer server = LensServer.start(host, options, System.out);
        writeAtomically(portFile, Integer.toString(server.port()));
        server.join();
    }

    private static void writeAtomically(Path file, String text) throws IOException {
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "port", ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
