package org.llavalens.server;

import org.llavalens.client.ApiJson;

/**
 * A request the host refuses or cannot answer: the HTTP status, the problem's kind (see
 * {@link ApiJson.Problem}) and one line that says what to change.
 */
final class HostProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final int status;
    private final String kind;
    private final long retryAfterSeconds;

    HostProblem(int status, String kind, String message) {
        this(status, kind, message, 0);
    }

    HostProblem(int status, String kind, String message, long retryAfterSeconds) {
        super(message);
        this.status = status;
        this.kind = kind;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    static HostProblem badRequest(String message) {
        return new HostProblem(400, "bad-request", message);
    }

    static HostProblem tooLarge(String message) {
        return new HostProblem(413, "too-large", message);
    }

    static HostProblem notFound(String message) {
        return new HostProblem(404, "not-found", message);
    }

    int status() {
        return status;
    }

    String kind() {
        return kind;
    }

    /** Seconds a client should wait before asking again (429), or 0. */
    long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    ApiJson.Problem body() {
        return new ApiJson.Problem(status, kind, getMessage());
    }
}
