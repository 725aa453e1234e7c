package org.llavalens.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How {@code ./llavalens serve} runs.
 *
 * @param models        model folders; each model's id is its folder's name
 * @param bind          the address to listen on (127.0.0.1 by default: put a TLS reverse proxy or
 *                      {@code keystore} in front before binding to a public address)
 * @param port          the port, 0 for any free one
 * @param tokens        the tokens file (a token and an annotator's name per line), or null for an open host
 * @param queue         jobs that may wait per model beyond those running; more get 429
 * @param concurrency   jobs that run at once per model
 * @param clientTimeout a job whose client has not asked for its status this long is cancelled
 * @param liveCases     explained cases kept for follow-ups and the result cache
 * @param keystore      a PKCS#12 or JKS keystore for HTTPS, or null for plain HTTP
 */
public record HostOptions(List<Path> models, String bind, int port, Path tokens, int queue, int concurrency,
        Duration clientTimeout, int liveCases, Limits limits, Path keystore, String keystorePassword) {

    public HostOptions {
        models = List.copyOf(models);
        if (models.isEmpty()) {
            throw new IllegalArgumentException("a host serves at least one model folder");
        }
        if (queue < 0 || concurrency < 1 || liveCases < 1 || port < 0 || port > 65535) {
            throw new IllegalArgumentException("queue must be 0 or more, concurrency and live cases 1 or more, and the"
                    + " port 0..65535 (given queue " + queue + ", concurrency " + concurrency + ", port " + port + ")");
        }
    }

    /** A plain-HTTP host on 127.0.0.1: queue 8, one job at a time per model, 30 s client timeout, 32 live cases. */
    public static HostOptions local(List<Path> models, int port, Path tokens) {
        return new HostOptions(models, "127.0.0.1", port, tokens, 8, 1, Duration.ofSeconds(30), 32, Limits.DEFAULT,
                null, null);
    }

    public HostOptions withQueue(int newQueue) {
        return new HostOptions(models, bind, port, tokens, newQueue, concurrency, clientTimeout, liveCases, limits,
                keystore, keystorePassword);
    }

    public HostOptions withLimits(Limits newLimits) {
        return new HostOptions(models, bind, port, tokens, queue, concurrency, clientTimeout, liveCases, newLimits,
                keystore, keystorePassword);
    }
}
