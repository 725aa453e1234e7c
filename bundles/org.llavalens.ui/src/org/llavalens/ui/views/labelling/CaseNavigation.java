package org.llavalens.ui.views.labelling;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.RowLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.llavalens.ui.jobs.CaseOpener;
import org.llavalens.ui.session.Labelling;
import org.llavalens.ui.session.LensSession;

/** The buttons under the labelling panel: previous/next case, undo/redo of labels, the taxonomy. */
public final class CaseNavigation {

    /** Adds a row of buttons to {@code parent}; {@code editTaxonomy} opens the taxonomy's editor. */
    public CaseNavigation(Composite parent, LensSession session, Runnable editTaxonomy) {
        Composite nav = new Composite(parent, SWT.NONE);
        nav.setLayout(new RowLayout());
        button(nav, "\u25C0 &Previous", () -> CaseOpener.open(session, Labelling.neighbour(session, -1)));
        button(nav, "&Next \u25B6", () -> CaseOpener.open(session, Labelling.neighbour(session, 1)));
        button(nav, "&Undo", () -> {
            if (session.labels() != null && session.labels().canUndo()) {
                session.labels().undo();
            }
        });
        button(nav, "&Redo", () -> {
            if (session.labels() != null && session.labels().canRedo()) {
                session.labels().redo();
            }
        });
        button(nav, "Ta&xonomy\u2026", editTaxonomy);
    }

    private static void button(Composite parent, String text, Runnable action) {
        Button b = new Button(parent, SWT.PUSH);
        b.setText(text);
        b.addListener(SWT.Selection, e -> action.run());
    }
}
