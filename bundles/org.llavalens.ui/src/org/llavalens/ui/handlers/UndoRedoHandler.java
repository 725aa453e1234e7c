package org.llavalens.ui.handlers;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.llavalens.ui.session.LensSession;

/**
 * Edit > Undo / Redo on the project's EMF command stack: the user's edits (labels, reviews, the
 * taxonomy). What an analysis records (result links, the model's answer) is not on it.
 */
public final class UndoRedoHandler extends AbstractHandler {

    private final boolean redo;

    public UndoRedoHandler() {
        this(false);
    }

    UndoRedoHandler(boolean redo) {
        this.redo = redo;
    }

    /** The redo variant, for plugin.xml. */
    public static final class Redo extends AbstractHandler {
        private final UndoRedoHandler delegate = new UndoRedoHandler(true);

        @Override
        public Object execute(ExecutionEvent event) throws ExecutionException {
            return delegate.execute(event);
        }
    }

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        LensSession session = Handlers.session(event);
        if (session.labels() == null) {
            return null;
        }
        if (redo && session.labels().canRedo()) {
            session.labels().redo();
        } else if (!redo && session.labels().canUndo()) {
            session.labels().undo();
        }
        return null;
    }
}
