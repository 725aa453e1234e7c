package org.llavalens.runtime.compute;

/** The device asked for does not exist here; the message is one line a user can act on. */
public final class DeviceUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DeviceUnavailableException(String message) {
        super(message);
    }
}
