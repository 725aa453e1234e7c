package org.llavalens.annotation.store;

import org.eclipse.emf.common.command.BasicCommandStack;
import org.eclipse.emf.common.command.Command;
import org.llavalens.annotation.ProjectListener;

/**
 * A command stack whose every move (execute, undo, redo) is handed to the project's writer, which
 * runs it in the project's realm under the model lock: EMF objects are not thread-safe, the
 * workbench reads the model on its UI thread, and autosave serialises from its own thread.
 */
public final class LockingCommandStack extends BasicCommandStack {

    /** Runs a change of the model where and how the project allows it. */
    @FunctionalInterface
    public interface Writer {
        void write(ProjectListener.Kind kind, String label, Runnable change);
    }

    private final Writer writer;

    public LockingCommandStack(Writer writer) {
        this.writer = writer;
    }

    @Override
    public void execute(Command command) {
        writer.write(ProjectListener.Kind.COMMAND, command == null ? null : command.getLabel(),
                () -> super.execute(command));
    }

    @Override
    public void undo() {
        Command c = getUndoCommand();
        writer.write(ProjectListener.Kind.UNDO, c == null ? null : c.getLabel(), () -> super.undo());
    }

    @Override
    public void redo() {
        Command c = getRedoCommand();
        writer.write(ProjectListener.Kind.REDO, c == null ? null : c.getLabel(), () -> super.redo());
    }

    /** BasicCommandStack swallows exceptions of commands; callers of the service API must see them. */
    @Override
    protected void handleError(Exception exception) {
        throw exception instanceof RuntimeException re ? re : new IllegalStateException(exception);
    }
}
