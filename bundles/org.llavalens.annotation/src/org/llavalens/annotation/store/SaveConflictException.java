package org.llavalens.annotation.store;

import java.io.IOException;

/**
 * A file of the project was rewritten by another process since this one read it. Nothing was
 * overwritten; the changes made here are still in memory.
 */
public class SaveConflictException extends IOException {
    private static final long serialVersionUID = 1L;

    public SaveConflictException(String message) {
        super(message);
    }
}
