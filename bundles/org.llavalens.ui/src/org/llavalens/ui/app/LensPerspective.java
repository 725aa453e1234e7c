package org.llavalens.ui.app;

import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveFactory;

/** Navigator left, canvas centre, head grid and token tables right and below. */
public final class LensPerspective implements IPerspectiveFactory {

    public static final String ID = "org.llavalens.ui.perspective";

    @Override
    public void createInitialLayout(IPageLayout layout) {
        layout.setEditorAreaVisible(false);
        layout.addView("org.llavalens.ui.views.welcome", IPageLayout.LEFT, 0.5f, layout.getEditorArea());
    }
}
