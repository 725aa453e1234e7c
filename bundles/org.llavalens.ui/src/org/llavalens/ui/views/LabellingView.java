package org.llavalens.ui.views;

import java.util.List;

import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.contexts.IContextService;
import org.eclipse.ui.handlers.IHandlerService;
import org.eclipse.ui.part.ViewPart;
import org.llavalens.annotation.model.Annotation;
import org.llavalens.annotation.model.Case;
import org.llavalens.annotation.model.ReviewEntry;
import org.llavalens.ui.session.Labelling;
import org.llavalens.ui.session.LensSession;
import org.llavalens.ui.session.Topic;
import org.llavalens.ui.views.labelling.CaseHeader;
import org.llavalens.ui.views.labelling.CaseNavigation;
import org.llavalens.ui.views.labelling.CauseButtons;
import org.llavalens.ui.views.labelling.LabelDetails;
import org.llavalens.ui.views.labelling.LabelKeys;
import org.llavalens.ui.views.labelling.ReviewSection;
import org.llavalens.ui.widgets.SortableTable;

/**
 * Labelling the current case: the taxonomy as buttons (keys 1-9 anywhere in the inspection views),
 * note, confidence, review state with a comment and the case's review history; previous/next case. Every change is one command on the
 * project's stack (Ctrl+Z / Ctrl+Y) and is saved by the project's autosave.
 */
public final class LabellingView extends ViewPart {

    public static final String ID = "org.llavalens.ui.views.labelling";
    static final String EDIT_TAXONOMY = "org.llavalens.ui.commands.editTaxonomy";

    private LensSession session;
    private Composite root;
    private ScrolledComposite scroll;
    private Composite body;
    private CaseHeader header;
    private CauseButtons causes;
    private LabelDetails details;
    private ReviewSection review;

    @Override
    public void createPartControl(Composite parent) {
        session = Views.session(getSite());
        LabelKeys keys = new LabelKeys(getSite().getService(IContextService.class), CanvasView.CONTEXT);
        root = parent;
        parent.setLayout(new FillLayout());
        // a small view scrolls instead of cutting off the review history
        scroll = new ScrolledComposite(parent, SWT.V_SCROLL);
        scroll.setExpandHorizontal(true);
        scroll.setExpandVertical(true);
        body = new Composite(scroll, SWT.NONE);
        scroll.setContent(body);
        scroll.addListener(SWT.Resize, e -> fit());
        body.setLayout(new GridLayout(1, false));
        header = new CaseHeader(body, session);
        causes = new CauseButtons(body, session, labelId -> details.label(labelId));
        Composite grid = new Composite(body, SWT.NONE);
        grid.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        grid.setLayout(new GridLayout(3, false));
        details = new LabelDetails(grid, session, this::guarded, keys);
        review = new ReviewSection(grid, session, this::guarded, keys);
        new CaseNavigation(body, session, this::editTaxonomy);
        Views.listen(session, header.control(), t -> {
            if (t == Topic.PROJECT || t == Topic.LABELS && causes.stale()) {
                rebuildButtons();
            }
            if (t != Topic.BUSY && t != Topic.COMPARE) {
                refresh();
            }
        });
        rebuildButtons();
        refresh();
    }

    private void editTaxonomy() {
        try {
            getSite().getService(IHandlerService.class).executeCommand(EDIT_TAXONOMY, null);
        } catch (Exception e) {
            MessageDialog.openError(getSite().getShell(), "Edit Taxonomy", e.getMessage());
        }
    }

    private void rebuildButtons() {
        causes.rebuild();
        body.layout(true, true);
        fit();
    }

    private boolean guarded(Runnable r) {
        try {
            r.run();
            return true;
        } catch (RuntimeException e) {
            MessageDialog.openError(getSite().getShell(), "Cannot label the case", e.getMessage());
            refresh();
            return false;
        }
    }

    private void refresh() {
        Case c = session.currentCase();
        boolean open = c != null && session.labels() != null;
        causes.setEnabled(open);
        details.setEnabled(open);
        review.setEnabled(open);
        if (!open) {
            header.showNoCase();
            review.showNoCase();
            return;
        }
        Annotation a = Labelling.current(session);
        header.show(c, a);
        causes.show(a);
        details.show(a);
        review.show(c);
        body.layout(true, true);
        fit();
    }

    private void fit() {
        int width = scroll.getClientArea().width;
        scroll.setMinSize(body.computeSize(width > 0 ? width : SWT.DEFAULT, SWT.DEFAULT));
    }

    public Composite control() {
        return root;
    }

    /** The buttons of the taxonomy's labels, in taxonomy order (each carries its label id as data). */
    public List<Button> labelButtons() {
        return causes.buttons();
    }

    public Combo reviewField() {
        return review.stateField();
    }

    public Text commentField() {
        return review.commentField();
    }

    public SortableTable<ReviewEntry> history() {
        return review.history();
    }

    @Override
    public void setFocus() {
        if (!causes.setFocus()) {
            header.control().setFocus();
        }
    }
}
