package org.llavalens.ui.views;

import java.util.function.Consumer;

import org.eclipse.swt.widgets.Control;
import org.eclipse.ui.IWorkbenchPartSite;
import org.llavalens.ui.session.LensSession;
import org.llavalens.ui.session.Topic;

/** Small helpers every view uses: the session from the site, listening until the view goes. */
public final class Views {

    private Views() {
    }

    public static LensSession session(IWorkbenchPartSite site) {
        return site.getService(LensSession.class);
    }

    /** Calls {@code listener} on session changes while {@code control} lives. */
    public static void listen(LensSession session, Control control, Consumer<Topic> listener) {
        Consumer<Topic> guarded = t -> {
            if (!control.isDisposed()) {
                listener.accept(t);
            }
        };
        session.addListener(guarded);
        control.addDisposeListener(e -> session.removeListener(guarded));
    }
}
