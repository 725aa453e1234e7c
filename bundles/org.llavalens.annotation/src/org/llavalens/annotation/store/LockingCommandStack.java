package org.llavalens.annotation.store;

import java.util.concurrent.locks.ReentrantLock;

import org.eclipse.emf.common.command.BasicCommandStack;
import org.eclipse.emf.common.command.Command;

/**
 * A command stack whose changes exclude the background save's snapshot of the model: EMF objects
 * are not thread-safe, and autosave serialises from its own thread.
 */
public final class LockingCommandStack extends BasicCommandStack {

    private final ReentrantLock modelLock;

    public LockingCommandStack(ReentrantLock modelLock) {
        this.modelLock = modelLock;
    }

    @Override
    public void execute(Command command) {
        modelLock.lock();
        try {
            super.execute(command);
        } finally {
            modelLock.unlock();
        }
    }

    @Override
    public void undo() {
        modelLock.lock();
        try {
            super.undo();
        } finally {
            modelLock.unlock();
        }
    }

    @Override
    public void redo() {
        modelLock.lock();
        try {
            super.redo();
        } finally {
            modelLock.unlock();
        }
    }

    /** BasicCommandStack swallows exceptions of commands; callers of the service API must see them. */
    @Override
    protected void handleError(Exception exception) {
        throw exception instanceof RuntimeException re ? re : new IllegalStateException(exception);
    }
}
