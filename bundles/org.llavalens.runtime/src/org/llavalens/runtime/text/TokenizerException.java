package org.llavalens.runtime.text;

import org.llavalens.runtime.io.UnusableInputException;

/** A tokenizer file that cannot be used, or ids/prompts that do not fit the model; one-line message. */
public class TokenizerException extends UnusableInputException {

    public TokenizerException(String message) {
        super(message, null);
    }

    public TokenizerException(String message, Throwable cause) {
        super(message, cause);
    }
}
