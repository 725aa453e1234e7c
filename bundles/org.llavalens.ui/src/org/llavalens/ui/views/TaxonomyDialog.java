package org.llavalens.ui.views;

import java.util.ArrayList;
import java.util.function.Supplier;

import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Shell;
import org.llavalens.annotation.AnnotationProject;
import org.llavalens.annotation.LabelService;
import org.llavalens.annotation.Taxonomies;
import org.llavalens.annotation.model.CauseLabel;
import org.llavalens.ui.views.taxonomy.TaxonomyForm;
import org.llavalens.ui.views.taxonomy.TaxonomyTable;
import org.llavalens.ui.widgets.SortableTable;

/**
 * The project's cause labels, edited through the label service: add, rename or describe, change
 * the shortcut key (a key taken by another label moves, as the service does it), retire or restore.
 * Every button is one command on the project's stack, so Edit &gt; Undo takes it back after the
 * dialog is closed; a refused edit is shown in the dialog's message area and changes nothing.
 */
public final class TaxonomyDialog extends TitleAreaDialog {

    private final AnnotationProject project;
    private final LabelService labels;
    private SortableTable<CauseLabel> table;
    private TaxonomyForm form;
    private Button add;
    private Button apply;
    private Button retire;

    public TaxonomyDialog(Shell parent, AnnotationProject project, LabelService labels) {
        super(parent);
        this.project = project;
        this.labels = labels;
        setShellStyle(getShellStyle() | SWT.RESIZE);
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText("Taxonomy");
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        setTitle("Cause labels of " + project.model().getName());
        setMessage("Each change is one undoable step (Edit > Undo). Retired labels stay on the cases labelled with them.");
        Composite body = new Composite(area, SWT.NONE);
        body.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        body.setLayout(new GridLayout(2, false));
        table = TaxonomyTable.create(body);
        GridData tableData = new GridData(SWT.FILL, SWT.FILL, true, true, 2, 1);
        tableData.heightHint = 220;
        table.viewer().getTable().setLayoutData(tableData);
        table.viewer().addSelectionChangedListener(e -> selected());
        form = new TaxonomyForm(body);
        Composite buttons = new Composite(body, SWT.NONE);
        buttons.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        buttons.setLayout(new GridLayout(4, false));
        add = button(buttons, "&Add label", this::addLabel);
        apply = button(buttons, "Save &changes", this::applyChanges);
        retire = button(buttons, "&Retire", this::toggleRetired);
        button(buttons, "C&lear fields", () -> {
            table.viewer().setSelection(null);
            fill(null);
        });
        refresh();
        fill(null);
        return area;
    }

    private static Button button(Composite parent, String text, Runnable action) {
        Button b = new Button(parent, SWT.PUSH);
        b.setText(text);
        b.addListener(SWT.Selection, e -> action.run());
        return b;
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        createButton(parent, IDialogConstants.CLOSE_ID, IDialogConstants.CLOSE_LABEL, true);
    }

    @Override
    protected void buttonPressed(int buttonId) {
        if (buttonId == IDialogConstants.CLOSE_ID) {
            close();
        } else {
            super.buttonPressed(buttonId);
        }
    }

    private CauseLabel selection() {
        return table.viewer().getStructuredSelection().getFirstElement() instanceof CauseLabel l ? l : null;
    }

    private void selected() {
        fill(selection());
    }

    /** Puts {@code l} in the form (or empties it for a new label) and offers what can be done with it. */
    private void fill(CauseLabel l) {
        form.fill(l);
        add.setEnabled(l == null);
        apply.setEnabled(l != null);
        retire.setEnabled(l != null);
        retire.setText(l != null && l.isRetired() ? "&Restore" : "&Retire");
        retire.getParent().layout();
    }

    private void addLabel() {
        attempt(() -> {
            TaxonomyForm.Entry e = form.entry();
            CauseLabel before = Taxonomies.byShortcut(project.model().getTaxonomy(), e.key());
            CauseLabel l = labels.addLabel(e.id(), e.name(), e.description(), e.key());
            return done(l, before, "added");
        });
    }

    private void applyChanges() {
        CauseLabel l = selection();
        if (l == null) {
            return;
        }
        attempt(() -> {
            TaxonomyForm.Entry e = form.entry();
            CauseLabel before = e.key() == l.getShortcut() ? null
                    : Taxonomies.byShortcut(project.model().getTaxonomy(), e.key());
            labels.editLabel(l.getId(), e.name(), e.description(), e.key());
            return done(l, before, "saved");
        });
    }

    private void toggleRetired() {
        CauseLabel l = selection();
        if (l != null) {
            attempt(() -> {
                labels.retireLabel(l.getId(), !l.isRetired());
                return done(l, null, l.isRetired() ? "retired" : "restored");
            });
        }
    }

    /** Refreshes the table and says what happened, naming a label whose key moved to {@code l}. */
    private CauseLabel done(CauseLabel l, CauseLabel keyTakenFrom, String what) {
        refresh();
        table.viewer().setSelection(new StructuredSelection(l), true);
        fill(l);
        if (keyTakenFrom != null && keyTakenFrom != l) {
            setMessage("Key " + l.getShortcut() + " moved from '" + keyTakenFrom.getName() + "' to '" + l.getName()
                    + "'; '" + keyTakenFrom.getName() + "' has no key now.");
        } else {
            setMessage("'" + l.getName() + "' " + what + " (Edit > Undo takes it back).");
        }
        return l;
    }

    /** Runs an edit; a refusal is shown in the message area, never thrown out of the dialog. */
    private <T> T attempt(Supplier<T> edit) {
        setErrorMessage(null);
        try {
            return edit.get();
        } catch (RuntimeException e) {
            // the edit was refused before it reached the model: keep what the user typed
            setErrorMessage(e.getMessage() == null ? e.toString() : e.getMessage());
            return null;
        }
    }

    private void refresh() {
        CauseLabel keep = selection();
        table.setRows(new ArrayList<>(project.model().getTaxonomy().getLabels()));
        if (keep != null && project.model().getTaxonomy().getLabels().contains(keep)) {
            table.viewer().setSelection(new StructuredSelection(keep), true);
        }
    }

    // for tests and scripted use: the dialog's own widgets

    public SortableTable<CauseLabel> table() {
        return table;
    }

    /** The fields of the label being added or edited. */
    public TaxonomyForm.Fields fields() {
        return form.fields();
    }

    public Button addButton() {
        return add;
    }

    public Button applyButton() {
        return apply;
    }

    public Button retireButton() {
        return retire;
    }
}
