package org.llavalens.client;

import java.io.IOException;

/** The model's queue on the host is full (HTTP 429): try again after {@link #retryAfterSeconds()}. */
public final class HostBusyException extends IOException {

    private static final long serialVersionUID = 1L;
    private final long retryAfterSeconds;

    public HostBusyException(String message, long retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
