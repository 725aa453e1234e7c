package org.llavalens.ui.app;

import org.eclipse.ui.IFolderLayout;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveFactory;
import org.llavalens.ui.views.AgreementView;
import org.llavalens.ui.views.CanvasView;
import org.llavalens.ui.views.CompareView;
import org.llavalens.ui.views.HeadGridView;
import org.llavalens.ui.views.LabellingView;
import org.llavalens.ui.views.NavigatorView;
import org.llavalens.ui.views.TextPositionsView;
import org.llavalens.ui.views.TokenTablesView;

/**
 * Navigator and labelling left, the canvas in the centre, the head grid right, token tables and
 * text positions below, the comparison and the annotators' agreement stacked with the canvas.
 */
public final class LensPerspective implements IPerspectiveFactory {

    public static final String ID = "org.llavalens.ui.perspective";

    @Override
    public void createInitialLayout(IPageLayout layout) {
        String editors = layout.getEditorArea();
        layout.setEditorAreaVisible(false);
        folder(layout, "left", IPageLayout.LEFT, 0.26f, editors, NavigatorView.ID);
        folder(layout, "labelling", IPageLayout.BOTTOM, 0.55f, "left", LabellingView.ID);
        folder(layout, "right", IPageLayout.RIGHT, 0.62f, editors, HeadGridView.ID);
        folder(layout, "bottom", IPageLayout.BOTTOM, 0.66f, editors, TokenTablesView.ID);
        // beside, not behind, the token tables: clicking a position there fills them
        folder(layout, "positions", IPageLayout.RIGHT, 0.55f, "bottom", TextPositionsView.ID);
        folder(layout, "centre", IPageLayout.TOP, 0.66f, editors, CanvasView.ID, CompareView.ID, AgreementView.ID);
        for (String id : new String[] { NavigatorView.ID, LabellingView.ID, CanvasView.ID, CompareView.ID,
                HeadGridView.ID, TokenTablesView.ID, TextPositionsView.ID, AgreementView.ID }) {
            layout.addShowViewShortcut(id);
            layout.getViewLayout(id).setCloseable(true);
        }
    }

    /** A folder {@code ratio} of {@code reference} on side {@code where}, holding {@code views} in that order. */
    private static void folder(IPageLayout layout, String id, int where, float ratio, String reference,
            String... views) {
        IFolderLayout folder = layout.createFolder(id, where, ratio, reference);
        for (String view : views) {
            folder.addView(view);
        }
    }
}
