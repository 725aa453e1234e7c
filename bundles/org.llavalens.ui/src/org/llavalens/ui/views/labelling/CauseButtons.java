package org.llavalens.ui.views.labelling;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.layout.RowLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Group;
import org.llavalens.annotation.model.Annotation;
import org.llavalens.annotation.model.CauseLabel;
import org.llavalens.ui.session.LensSession;

/**
 * The project's cause labels as toggle buttons (retired ones left out), the annotator's label
 * pressed. The buttons follow the taxonomy: an edit, or its undo, rebuilds them.
 */
public final class CauseButtons {

    private final LensSession session;
    private final Consumer<String> onPick;
    private final Composite buttons;
    private final List<Button> labelButtons = new ArrayList<>();
    private String taxonomyShown;

    /** Adds a group to {@code parent} (a one-column grid); {@code onPick} gets the id of a label clicked. */
    public CauseButtons(Composite parent, LensSession session, Consumer<String> onPick) {
        this.session = session;
        this.onPick = onPick;
        Group causes = new Group(parent, SWT.NONE);
        causes.setText("Cause (keys 1\u20139)");
        causes.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        causes.setLayout(new GridLayout(1, false));
        buttons = new Composite(causes, SWT.NONE);
        buttons.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        RowLayout rows = new RowLayout(SWT.HORIZONTAL);
        rows.wrap = true;
        buttons.setLayout(rows);
    }

    /** Whether the taxonomy differs from the one the buttons show. */
    public boolean stale() {
        return !taxonomyKey().equals(taxonomyShown);
    }

    /** What the buttons show of the taxonomy, to tell when it changed. */
    private String taxonomyKey() {
        if (session.project() == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (CauseLabel l : session.project().model().getTaxonomy().getLabels()) {
            b.append(l.getId()).append('\u0000').append(l.getName()).append('\u0000').append(l.getDescription())
                    .append('\u0000').append(l.getShortcut()).append('\u0000').append(l.isRetired()).append('\n');
        }
        return b.toString();
    }

    /** Makes one button a label of the taxonomy; the caller lays the view out again. */
    public void rebuild() {
        labelButtons.forEach(Button::dispose);
        labelButtons.clear();
        taxonomyShown = taxonomyKey();
        if (session.project() == null) {
            return;
        }
        for (CauseLabel l : session.project().model().getTaxonomy().getLabels()) {
            if (l.isRetired()) {
                continue;
            }
            Button b = new Button(buttons, SWT.TOGGLE);
            b.setText((l.getShortcut() > 0 ? l.getShortcut() + "  " : "") + l.getName());
            b.setToolTipText(l.getDescription());
            b.setData(l.getId());
            b.addListener(SWT.Selection, e -> onPick.accept(l.getId()));
            labelButtons.add(b);
        }
    }

    public void setEnabled(boolean enabled) {
        labelButtons.forEach(b -> b.setEnabled(enabled));
    }

    /** Presses the button of {@code a}'s label alone (none when {@code a} is null). */
    public void show(Annotation a) {
        for (Button b : labelButtons) {
            b.setSelection(a != null && b.getData().equals(a.getLabelId()));
        }
    }

    /** @return whether a button took the focus (there is none without a taxonomy) */
    public boolean setFocus() {
        if (labelButtons.isEmpty()) {
            return false;
        }
        labelButtons.get(0).setFocus();
        return true;
    }

    /** The buttons in taxonomy order, each carrying its label id as data. */
    public List<Button> buttons() {
        return List.copyOf(labelButtons);
    }
}
