package org.llavalens.runtime.io;

/**
 * A model file or folder is not what it claims to be: a corrupt or truncated safetensors header,
 * offsets past the end, a missing tensor or shard, an invalid config. The message is one line a
 * user can act on and names the file.
 */
public class ModelFormatException extends UnusableInputException {

    public ModelFormatException(String message) {
        super(message, null);
    }

    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
