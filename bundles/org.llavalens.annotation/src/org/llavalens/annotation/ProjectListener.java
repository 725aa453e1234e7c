package org.llavalens.annotation;

/**
 * Told after the model of a project changed: a command, its undo or redo, or a system change. Called
 * in the project's {@link ModelRealm} after the change, with the model lock released, so a workbench
 * listener may touch widgets and read the model.
 */
@FunctionalInterface
public interface ProjectListener {

    /** What moved the model. */
    enum Kind {
        /** A user's edit, on the undo stack. */
        COMMAND,
        UNDO,
        REDO,
        /** Something the application recorded (an attached result, the model's answer): saved, not undoable. */
        SYSTEM
    }

    /** @param label the command's label, or null when it has none */
    record Change(Kind kind, String label) {
    }

    void projectChanged(Change change);
}
