package org.llavalens.runtime.image;

import org.llavalens.runtime.io.UnusableInputException;

/** An image file that cannot or must not be decoded (corrupt, unsupported, or too large); one-line message. */
public class InvalidImageException extends UnusableInputException {

    public InvalidImageException(String message) {
        super(message, null);
    }

    public InvalidImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
