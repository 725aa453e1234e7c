package org.llavalens.ui.views.agreement;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.widgets.Composite;
import org.llavalens.annotation.agreement.LabelTable;
import org.llavalens.ui.widgets.SortableTable;

/**
 * The cases x annotators table of labels, with whether the annotators agree on each case.
 * Its columns are the annotators, so it is built again when they change.
 */
public final class LabelsByAnnotator {

    private final Composite holder;
    private final LabelNames names;
    private final Consumer<String> open;
    private SortableTable<LabelTable.Row> table;
    private List<String> annotators;

    /** {@code holder} has a fill layout and nothing else; double-clicking a row gives its case id to {@code open}. */
    public LabelsByAnnotator(Composite holder, LabelNames names, Consumer<String> open) {
        this.holder = holder;
        this.names = names;
        this.open = open;
    }

    public void show(LabelTable labels) {
        if (table == null || !labels.annotators().equals(annotators)) {
            if (table != null) {
                table.viewer().getTable().dispose();
            }
            List<SortableTable.Column<LabelTable.Row>> columns = new ArrayList<>();
            columns.add(Columns.text("Case", LabelTable.Row::caseId, 170));
            for (String a : labels.annotators()) {
                columns.add(Columns.text(a, r -> r.label(a) == null ? "" : names.name(r.label(a)), 140));
            }
            columns.add(Columns.text("Agree", r -> r.disagreement() ? "\u2717" : r.labels().size() > 1 ? "\u2713" : "", 50));
            table = new SortableTable<>(holder, columns);
            table.viewer().addDoubleClickListener(e -> {
                if (e.getSelection() instanceof StructuredSelection s && s.getFirstElement() instanceof LabelTable.Row r) {
                    open.accept(r.caseId());
                }
            });
            annotators = labels.annotators();
            holder.layout(true, true);
        }
        table.setRows(labels.rows());
    }

    public SortableTable<LabelTable.Row> table() {
        return table;
    }
}
