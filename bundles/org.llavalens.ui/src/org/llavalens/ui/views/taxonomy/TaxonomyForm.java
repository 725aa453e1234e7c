package org.llavalens.ui.views.taxonomy;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.llavalens.annotation.model.CauseLabel;

/**
 * The fields of one cause label: id (fixed once the label exists), name, description and shortcut
 * key. What they hold goes to the label service as typed; the service says what it refuses.
 */
public final class TaxonomyForm {

    private static final String[] KEYS = { "none", "1", "2", "3", "4", "5", "6", "7", "8", "9" };

    private final Text id;
    private final Text name;
    private final Text description;
    private final Combo shortcut;

    /** Adds a row a field to {@code grid}, whose layout is a two-column grid (title, field). */
    public TaxonomyForm(Composite grid) {
        id = field(grid, "&Id:", SWT.SINGLE | SWT.BORDER);
        id.setMessage("lower-case letters, digits, - or _");
        name = field(grid, "&Name:", SWT.SINGLE | SWT.BORDER);
        description = field(grid, "&Description:", SWT.MULTI | SWT.BORDER | SWT.WRAP | SWT.V_SCROLL);
        ((GridData) description.getLayoutData()).heightHint = 48;
        new Label(grid, SWT.NONE).setText("&Key:");
        shortcut = new Combo(grid, SWT.READ_ONLY);
        shortcut.setItems(KEYS);
        shortcut.select(0);
    }

    private static Text field(Composite parent, String title, int style) {
        new Label(parent, SWT.NONE).setText(title);
        Text t = new Text(parent, style);
        t.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        return t;
    }

    /** Puts {@code l} in the fields (or empties them for a new label). */
    public void fill(CauseLabel l) {
        id.setText(l == null ? "" : l.getId());
        id.setEditable(l == null);
        name.setText(l == null || l.getName() == null ? "" : l.getName());
        description.setText(l == null || l.getDescription() == null ? "" : l.getDescription());
        shortcut.select(l == null ? 0 : l.getShortcut());
    }

    public String id() {
        return id.getText().strip();
    }

    public String name() {
        return name.getText().strip();
    }

    /** The description, or null when the field is blank. */
    public String description() {
        String s = description.getText();
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** The shortcut key, 0 for none. */
    public int key() {
        return shortcut.getSelectionIndex();
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
}
