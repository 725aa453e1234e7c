package org.llavalens.server;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;

import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * {@code ./llavalens serve}: a {@link ModelHost} behind Jetty 12 (core handlers, no servlets),
 * plain HTTP or, with a keystore, HTTPS.
 */
public final class LensServer implements AutoCloseable {

    /** The listening end: its server is {@code getServer()}, and it speaks TLS when it has an SSL factory. */
    private final ServerConnector connector;
    private final ModelHost host;

    private LensServer(ServerConnector connector, ModelHost host) {
        this.connector = connector;
        this.host = host;
    }

    /**
     * Serves {@code host} as {@code options} say; the host is closed with the server.
     *
     * @param log where each job and refusal is printed, or null for none
     * @throws IOException if the tokens file cannot be read or the port cannot be bound
     */
    public static LensServer start(ModelHost host, HostOptions options, PrintStream log) throws IOException {
        Annotators annotators = options.tokens() == null ? Annotators.open() : Annotators.read(options.tokens());
        JettyLogging.start();
        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("llavalens-http");
        threads.setDaemon(true);
        Server jetty = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector;
        boolean tls = options.keystore() != null;
        if (tls) {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStorePath(options.keystore().toAbsolutePath().toString());
            ssl.setKeyStorePassword(options.keystorePassword());
            http.addCustomizer(new SecureRequestCustomizer());
            connector = new ServerConnector(jetty, new SslConnectionFactory(ssl, "http/1.1"),
                    new HttpConnectionFactory(http));
        } else {
            connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
        }
        connector.setHost(options.bind());
        connector.setPort(options.port());
        jetty.addConnector(connector);
        jetty.setHandler(new ApiHandler(host, annotators, log == null ? HostLog.quiet() : new HostLog(log)));
        jetty.setStopTimeout(2000);
        try {
            jetty.start();
        } catch (Exception e) {
            try {
                jetty.stop();
            } catch (Exception ignored) {
                // the start failure is what the caller needs
            }
            throw new IOException("cannot serve on " + options.bind() + ":" + options.port() + ": " + e.getMessage(), e);
        }
        return new LensServer(connector, host);
    }

    /** The port it listens on (the free one chosen when the options said 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** The server's root, e.g. {@code http://127.0.0.1:8765}. */
    public URI uri() {
        String h = connector.getHost();
        boolean tls = connector.getConnectionFactory(SslConnectionFactory.class) != null;
        return URI.create((tls ? "https" : "http") + "://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + port());
    }

    public ModelHost host() {
        return host;
    }

    /** Blocks until the server stops. */
    public void join() throws InterruptedException {
        connector.getServer().join();
    }

    @Override
    public void close() {
        try {
            connector.getServer().stop();
        } catch (Exception e) {
            // stopping a server that failed is still stopping it; the host is closed below
        } finally {
            host.close();
        }
    }
}
