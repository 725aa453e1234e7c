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

    /** A label as typed in the form. */
    public record Entry(String id, String name, String description, int key) {
    }

    /** The form's widgets, for tests and scripted use. */
    public record Fields(Text id, Text name, Text description, Combo shortcut) {
    }

    private static final String[] KEYS = { "none", "1", "2", "3", "4", "5", "6", "7", "8", "9" };

    private final Text id;
    private final Text name;
    private final Text description;
    private final Combo shortcut;

    /** Adds one row per field to {@code grid}, whose layout is a two-column grid (title, field). */
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

    /** What the fields hold, as the label service takes it: stripped, a blank description null, key 0 for none. */
    public Entry entry() {
        String text = description.getText();
        return new Entry(id.getText().strip(), name.getText().strip(),
                text == null || text.isBlank() ? null : text.strip(), shortcut.getSelectionIndex());
    }

    public Fields fields() {
        return new Fields(id, name, description, shortcut);
    }
}
