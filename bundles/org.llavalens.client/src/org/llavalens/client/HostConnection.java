package org.llavalens.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import javax.net.ssl.SSLHandshakeException;

import org.llavalens.analysis.explain.ExplainException;

import com.google.gson.JsonParseException;

/**
 * Requests to one model host: the bearer token on each, a host's problem turned back into the
 * exception the local service would have thrown, and a host that does not answer into one line.
 */
final class HostConnection {

    /**
     * How long a request the host answers from memory (models, a job's status, a cancel) may take
     * before the host counts as stuck: a host that accepts connections but never replies must not
     * hold a job for the long wait a follow-up on a 7B model may need. System property, in seconds.
     */
    static final String REPLY_SECONDS = "llavalens.host.replySeconds";

    /** A follow-up may rerun the forward pass on the host (a minute or more for 7B on CPU). */
    private static final Duration LONG_WAIT = Duration.ofMinutes(10);

    private final URI base;
    private final Duration quickReply = Duration.ofSeconds(Long.getLong(REPLY_SECONDS, 30));
    private final String token;
    private final HostTrust trust;
    /** Made at the first request, so a trust file that holds no certificate is that request's error. */
    private HttpClient http;

    HostConnection(URI server, String token, HostTrust trust) {
        String s = server.toString();
        this.base = URI.create((s.endsWith("/") ? s.substring(0, s.length() - 1) : s) + ApiJson.BASE);
        this.token = token;
        this.trust = trust;
    }

    private synchronized HttpClient http() throws IOException {
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).sslContext(trust.context()).build();
        }
        return http;
    }

    String server() {
        return base.toString();
    }

    String get(String path) throws IOException {
        return new String(send(request(path, LONG_WAIT).GET()), StandardCharsets.UTF_8);
    }

    /** A GET the host answers from memory (the model list, a job's status): a short wait. */
    String quickGet(String path) throws IOException {
        return new String(send(request(path, quickReply).GET()), StandardCharsets.UTF_8);
    }

    byte[] getBytes(String path) throws IOException {
        return send(request(path, LONG_WAIT).GET());
    }

    String post(String path, String json) throws IOException {
        return new String(send(request(path, LONG_WAIT).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))), StandardCharsets.UTF_8);
    }

    void delete(String path) throws IOException {
        send(request(path, quickReply).DELETE());
    }

    private HttpRequest.Builder request(String path, Duration wait) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(wait);
        if (token != null && !token.isBlank()) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private byte[] send(HttpRequest.Builder builder) throws IOException {
        HttpRequest request = builder.build();
        HttpResponse<byte[]> response;
        try {
            response = http().send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (SSLHandshakeException e) {
            throw new HostUnavailableException("the model host " + server() + " is not trusted ("
                    + e.getMessage() + "); if it runs with its own certificate, set " + HostTrust.ENV
                    + " to that certificate's file (docs/server.md, TLS)", e);
        } catch (HttpConnectTimeoutException | ConnectException e) {
            throw new HostUnavailableException("the model host " + server() + " does not answer ("
                    + (e.getMessage() == null ? "connection refused" : e.getMessage())
                    + "); is './llavalens serve' running there?", e);
        } catch (HttpTimeoutException e) {
            throw new HostUnavailableException("the model host " + server() + " accepted the connection but sent no"
                    + " reply within " + request.timeout().map(Duration::toSeconds).orElse(0L)
                    + " s; it may be stuck or overloaded: restart './llavalens serve' there", e);
        } catch (IOException e) {
            throw new HostUnavailableException("the model host " + server() + " went away mid-request ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for " + server());
        }
        if (response.statusCode() / 100 == 2) {
            return response.body();
        }
        throw problem(response);
    }

    private RuntimeException problem(HttpResponse<byte[]> response) throws IOException {
        String body = new String(response.body(), StandardCharsets.UTF_8);
        ApiJson.Problem p;
        try {
            p = ApiJson.fromJson(body, ApiJson.Problem.class);
        } catch (JsonParseException | IllegalStateException e) {
            p = new ApiJson.Problem(response.statusCode(), "failed", body.lines().findFirst().orElse("no reason given"));
        }
        String kind = p.kind() == null ? "failed" : p.kind();
        String line = p.error() == null ? "HTTP " + response.statusCode() : p.error();
        return switch (kind) {
            case "unknown-model" -> new ExplainException.UnknownModel(line);
            case "bad-target" -> new ExplainException.BadTarget(new IllegalArgumentException(line));
            case "bad-position" -> new ExplainException.BadPosition(new IllegalArgumentException(line));
            case "not-answerable" -> new ExplainException.NotAnswerable(line);
            case "bad-request", "too-large" -> new IllegalArgumentException(line);
            case "busy" -> throw new HostBusyException(line,
                    response.headers().firstValueAsLong("Retry-After").orElse(1));
            default -> throw new IOException(server() + ": " + line + " (HTTP " + response.statusCode() + ")");
        };
    }
}
