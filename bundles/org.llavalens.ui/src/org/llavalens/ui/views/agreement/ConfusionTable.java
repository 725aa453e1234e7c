package org.llavalens.ui.views.agreement;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.swt.widgets.Group;
import org.llavalens.annotation.agreement.Agreement;
import org.llavalens.ui.widgets.SortableTable;

/**
 * The confusion table of one pair of annotators: the first one's labels as rows, the second
 * one's as columns. Its columns are the labels the pair used, so it is built again when they change.
 */
public final class ConfusionTable {

    private final Group group;
    private final LabelNames names;
    private SortableTable<ConfusionRow> table;
    private List<String> labels;

    /** {@code group} has a fill layout and nothing else; its title names the pair. */
    public ConfusionTable(Group group, LabelNames names) {
        this.group = group;
        this.names = names;
    }

    /** Shows {@code t}, or an empty table when no pair shares a case ({@code t} null). */
    public void show(Agreement.PairTable t) {
        List<String> shown = t == null ? List.of() : t.labels();
        if (table == null || !shown.equals(labels)) {
            if (table != null) {
                table.viewer().getTable().dispose();
            }
            List<SortableTable.Column<ConfusionRow>> columns = new ArrayList<>();
            columns.add(Columns.text(t == null ? "A \\ B" : t.a() + " \\ " + t.b(), r -> names.name(r.label()), 170));
            for (int j = 0; j < shown.size(); j++) {
                int col = j;
                columns.add(Columns.number(shown.get(j), r -> (double) r.counts()[col], 90, "%.0f"));
            }
            table = new SortableTable<>(group, columns);
            labels = shown;
            group.layout(true, true);
        }
        group.setText(t == null ? "Confusion table (no pair shares a case)"
                : "Confusion: " + t.a() + " (rows) \u00D7 " + t.b() + " (columns)");
        List<ConfusionRow> rows = new ArrayList<>();
        for (int i = 0; i < shown.size(); i++) {
            rows.add(new ConfusionRow(shown.get(i), t.counts()[i]));
        }
        table.setRows(rows);
        if (t != null) {
            // the same labels can come from another pair: the table is kept, its corner names the pair
            table.viewer().getTable().getColumn(0).setText(t.a() + " \\ " + t.b());
        }
    }

    public SortableTable<ConfusionRow> table() {
        return table;
    }
}
