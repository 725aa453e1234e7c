package org.llavalens.runtime.image;

/** An image file that cannot or must not be decoded (corrupt, unsupported, or too large); one-line message. */
public class InvalidImageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidImageException(String message) {
        super(message);
    }

    public InvalidImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
