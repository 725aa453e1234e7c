package org.llavalens.client;

import java.io.IOException;

/** The model host does not answer, or went away while a request was under way; the message is one line. */
public final class HostUnavailableException extends IOException {

    private static final long serialVersionUID = 1L;

    public HostUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
