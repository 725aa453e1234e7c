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
        IFolderLayout left = layout.createFolder("left", IPageLayout.LEFT, 0.26f, editors);
        left.addView(NavigatorView.ID);
        IFolderLayout label = layout.createFolder("labelling", IPageLayout.BOTTOM, 0.55f, "left");
        label.addView(LabellingView.ID);
        IFolderLayout right = layout.createFolder("right", IPageLayout.RIGHT, 0.62f, editors);
        right.addView(HeadGridView.ID);
        IFolderLayout bottom = layout.createFolder("bottom", IPageLayout.BOTTOM, 0.66f, editors);
        bottom.addView(TokenTablesView.ID);
        // beside, not behind, the token tables: clicking a position there fills them
        IFolderLayout positions = layout.createFolder("positions", IPageLayout.RIGHT, 0.55f, "bottom");
        positions.addView(TextPositionsView.ID);
        IFolderLayout centre = layout.createFolder("centre", IPageLayout.TOP, 0.66f, editors);
        centre.addView(CanvasView.ID);
        centre.addView(CompareView.ID);
        centre.addView(AgreementView.ID);
        for (String id : new String[] { NavigatorView.ID, LabellingView.ID, CanvasView.ID, CompareView.ID,
                HeadGridView.ID, TokenTablesView.ID, TextPositionsView.ID, AgreementView.ID }) {
            layout.addShowViewShortcut(id);
            layout.getViewLayout(id).setCloseable(true);
        }
    }
}
