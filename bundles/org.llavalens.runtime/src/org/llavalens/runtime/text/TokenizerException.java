package org.llavalens.runtime.text;

/** A tokenizer file that cannot be used, or ids/prompts that do not fit the model; one-line message. */
public class TokenizerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TokenizerException(String message) {
        super(message);
    }

    public TokenizerException(String message, Throwable cause) {
        super(message, cause);
    }
}
