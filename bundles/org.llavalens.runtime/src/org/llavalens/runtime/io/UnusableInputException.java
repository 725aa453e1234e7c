package org.llavalens.runtime.io;

/**
 * Something the user handed over (a model folder, an image, a tokenizer file, a prompt) cannot be
 * used. The message is one line a user can act on; subclasses say which kind of input it was, so a
 * caller that only reports can catch this one type.
 */
public abstract class UnusableInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    protected UnusableInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
