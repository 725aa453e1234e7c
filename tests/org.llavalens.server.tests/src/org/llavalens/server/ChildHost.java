package org.llavalens.server;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/**
 * A model host in a child JVM ({@link HostMain}) on a flat class path made of the bundles of this
 * test runtime, so a test can kill it with SIGKILL mid-job and start it again.
 */
final class ChildHost implements AutoCloseable {

    private final Process process;
    private final int port;

    private ChildHost(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static ChildHost start(DemoHost demo, Path work, int port) throws IOException, InterruptedException {
        Path portFile = work.resolve("port-" + System.nanoTime());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx2g", "-Dai.djl.offline=true", "-cp", classPath(), HostMain.class.getName(),
                portFile.toString(), Integer.toString(port), demo.tokens.toString(), demo.llava.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("child-host.log").toFile()).start();
        // a bound against a child that never serves, not a speed claim: it loads the demo model in seconds
        for (int i = 0; i < 1200 && !Files.exists(portFile); i++) {
            if (!p.isAlive()) {
                throw new IOException("the child host ended with " + p.exitValue() + ": "
                        + Files.readString(work.resolve("child-host.log")));
            }
            Thread.sleep(100);
        }
        if (!Files.exists(portFile)) {
            p.destroyForcibly();
            throw new IOException("the child host did not serve in 2 minutes: " + Files.readString(
                    work.resolve("child-host.log")));
        }
        return new ChildHost(p, Integer.parseInt(Files.readString(portFile, StandardCharsets.UTF_8).strip()));
    }

    int port() {
        return port;
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** SIGKILL: no shutdown hook, no goodbye to the clients. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }

    /** Where relative bundle locations start (the test runtime's install area). */
    private static File installArea(Bundle self) {
        String area = self.getBundleContext().getProperty("osgi.install.area");
        return area == null ? new File(".") : new File(area.replaceFirst("^file:", ""));
    }

    /** Every bundle's classes and its Bundle-ClassPath jars (DJL's lib/), as a plain JVM reads them. */
    private static String classPath() {
        Set<String> entries = new LinkedHashSet<>();
        // the framework itself (the system bundle has no file location): Equinox's debug and service classes
        java.security.CodeSource framework = Bundle.class.getProtectionDomain().getCodeSource();
        if (framework != null) {
            entries.add(framework.getLocation().getPath());
        }
        Bundle self = FrameworkUtil.getBundle(ChildHost.class);
        for (Bundle b : self.getBundleContext().getBundles()) {
            String location = b.getLocation().replaceFirst("^reference:", "").replaceFirst("^initial@", "")
                    .replaceFirst("^reference:", "");
            if (!location.startsWith("file:")) {
                continue;
            }
            File f = new File(location.substring("file:".length()));
            if (!f.isAbsolute()) {
                f = new File(installArea(self), f.getPath());
            }
            if (f.isFile()) {
                entries.add(f.getPath());
                continue;
            }
            File classes = new File(f, "target/classes");
            entries.add((classes.isDirectory() ? classes : f).getPath());
            String header = b.getHeaders().get("Bundle-ClassPath");
            if (header != null) {
                for (String e : header.split(",")) {
                    String entry = e.strip();
                    if (!entry.equals(".") && new File(f, entry).exists()) {
                        entries.add(new File(f, entry).getPath());
                    }
                }
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
