package org.llavalens.ui.views;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.llavalens.annotation.AnnotationProject;
import org.llavalens.annotation.LabelService;
import org.llavalens.annotation.Taxonomies;
import org.llavalens.annotation.model.CauseLabel;
import org.llavalens.ui.widgets.SortableTable;

/**
 * The project's cause labels, edited through the label service: add, rename or describe, change
 * the shortcut key (a key taken by another label moves, as the service does it), retire or restore.
 * Every button is one command on the project's stack, so Edit &gt; Undo takes it back after the
 * dialog is closed; a refused edit is shown in the dialog's message area and changes nothing.
 */
public final class TaxonomyDialog extends TitleAreaDialog {

    static final String[] KEYS = { "none", "1", "2", "3", "4", "5", "6", "7", "8", "9" };

    private final AnnotationProject project;
    private final LabelService labels;
    private SortableTable<CauseLabel> table;
    private Text id;
    private Text name;
    private Text description;
    private Combo shortcut;
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
        table = new SortableTable<>(body, List.of(
                new SortableTable.Column<>("Key", l -> l.getShortcut() > 0 ? Integer.toString(l.getShortcut()) : "",
                        Comparator.comparingInt(l -> l.getShortcut() == 0 ? 10 : l.getShortcut()), 40),
                new SortableTable.Column<>("Id", CauseLabel::getId, Comparator.comparing(CauseLabel::getId), 140),
                new SortableTable.Column<>("Name", CauseLabel::getName, Comparator.comparing(TaxonomyDialog::nameOf), 200),
                new SortableTable.Column<>("Retired", l -> l.isRetired() ? "retired" : "",
                        Comparator.comparing(CauseLabel::isRetired), 70),
                new SortableTable.Column<>("Description", l -> l.getDescription() == null ? "" : l.getDescription(),
                        Comparator.comparing(l -> l.getDescription() == null ? "" : l.getDescription()), 320)));
        GridData tableData = new GridData(SWT.FILL, SWT.FILL, true, true, 2, 1);
        tableData.heightHint = 220;
        table.viewer().getTable().setLayoutData(tableData);
        table.viewer().addSelectionChangedListener(e -> selected());
        id = field(body, "&Id:", SWT.SINGLE | SWT.BORDER);
        id.setMessage("lower-case letters, digits, - or _");
        name = field(body, "&Name:", SWT.SINGLE | SWT.BORDER);
        description = field(body, "&Description:", SWT.MULTI | SWT.BORDER | SWT.WRAP | SWT.V_SCROLL);
        ((GridData) description.getLayoutData()).heightHint = 48;
        new Label(body, SWT.NONE).setText("&Key:");
        shortcut = new Combo(body, SWT.READ_ONLY);
        shortcut.setItems(KEYS);
        shortcut.select(0);
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

    private static String nameOf(CauseLabel l) {
        return l.getName() == null ? "" : l.getName();
    }

    private static Text field(Composite parent, String title, int style) {
        new Label(parent, SWT.NONE).setText(title);
        Text t = new Text(parent, style);
        t.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        return t;
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

    /** Puts {@code l} in the fields (or empties them for a new label). */
    private void fill(CauseLabel l) {
        id.setText(l == null ? "" : l.getId());
        id.setEditable(l == null);
        name.setText(l == null ? "" : nameOf(l));
        description.setText(l == null || l.getDescription() == null ? "" : l.getDescription());
        shortcut.select(l == null ? 0 : l.getShortcut());
        add.setEnabled(l == null);
        apply.setEnabled(l != null);
        retire.setEnabled(l != null);
        retire.setText(l != null && l.isRetired() ? "&Restore" : "&Retire");
        retire.getParent().layout();
    }

    private void addLabel() {
        attempt(() -> {
            CauseLabel before = Taxonomies.byShortcut(project.model().getTaxonomy(), shortcut.getSelectionIndex());
            CauseLabel l = labels.addLabel(id.getText().strip(), name.getText().strip(), blankToNull(description.getText()),
                    shortcut.getSelectionIndex());
            return done(l, before, "added");
        });
    }

    private void applyChanges() {
        CauseLabel l = selection();
        if (l == null) {
            return;
        }
        attempt(() -> {
            int key = shortcut.getSelectionIndex();
            CauseLabel before = key == l.getShortcut() ? null : Taxonomies.byShortcut(project.model().getTaxonomy(), key);
            labels.editLabel(l.getId(), name.getText().strip(), blankToNull(description.getText()), key);
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

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    // for tests and scripted use: the dialog's own widgets

    public SortableTable<CauseLabel> table() {
        return table;
    }

    public Text idField() {
        return id;
    }

    public Text nameField() {
        return name;
    }

    public Text descriptionField() {
        return description;
    }

    public Combo shortcutField() {
        return shortcut;
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
