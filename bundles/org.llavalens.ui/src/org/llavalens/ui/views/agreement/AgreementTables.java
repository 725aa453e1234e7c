package org.llavalens.ui.views.agreement;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.widgets.Composite;
import org.llavalens.annotation.agreement.Agreement;
import org.llavalens.ui.widgets.SortableTable;

/** The agreement tables whose columns do not depend on the data: pairs, per-label agreement, disagreements. */
public final class AgreementTables {

    private AgreementTables() {
    }

    public static SortableTable<Agreement.PairKappa> pairs(Composite parent) {
        return new SortableTable<>(parent,
                List.of(Columns.text("Annotator A", Agreement.PairKappa::a, 85),
                        Columns.text("Annotator B", Agreement.PairKappa::b, 85),
                        Columns.number("Cases", p -> (double) p.cases(), 50, "%.0f"),
                        Columns.number("Observed", Agreement.PairKappa::observed, 70, "%.3f"),
                        Columns.number("Chance", Agreement.PairKappa::expected, 60, "%.3f"),
                        Columns.number("Cohen's \u03BA", Agreement.PairKappa::kappa, 80, "%.3f")));
    }

    public static SortableTable<Map.Entry<String, Double>> perLabel(Composite parent, LabelNames names) {
        SortableTable<Map.Entry<String, Double>> table = new SortableTable<>(parent,
                List.of(Columns.text("Label", e -> names.name(e.getKey()), 150),
                        Columns.text("Id", Map.Entry::getKey, 100),
                        Columns.number("Agreement", Map.Entry::getValue, 90, "%.3f")));
        table.viewer().getTable().setToolTipText(
                "Specific agreement of each label: 2 n_jj / (row_j + col_j) over the coincidence table");
        return table;
    }

    /** Double-clicking a disagreement gives its case id to {@code open}. */
    public static SortableTable<Agreement.Disagreement> disagreements(Composite parent, LabelNames names,
            Consumer<String> open) {
        SortableTable<Agreement.Disagreement> table = new SortableTable<>(parent,
                List.of(Columns.text("Case", Agreement.Disagreement::caseId, 150),
                        Columns.text("Labels", d -> names.describe(d.labels()), 360)));
        table.viewer().addDoubleClickListener(e -> {
            if (e.getSelection() instanceof StructuredSelection s && s.getFirstElement() instanceof Agreement.Disagreement d) {
                open.accept(d.caseId());
            }
        });
        return table;
    }
}
