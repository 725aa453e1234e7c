package org.llavalens.ui.views;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.part.ViewPart;
import org.llavalens.annotation.Taxonomies;
import org.llavalens.annotation.agreement.Agreement;
import org.llavalens.annotation.agreement.LabelTable;
import org.llavalens.annotation.agreement.ProjectRatings;
import org.llavalens.annotation.agreement.Rating;
import org.llavalens.annotation.model.Case;
import org.llavalens.annotation.model.CauseLabel;
import org.llavalens.ui.jobs.CaseOpener;
import org.llavalens.ui.session.LensSession;
import org.llavalens.ui.session.Topic;
import org.llavalens.ui.widgets.SortableTable;

/**
 * How far the annotators (one sheet each) agree, as the annotation bundle's agreement package
 * computes it: the cases x annotators table of their labels, Cohen's kappa of every pair, Fleiss'
 * kappa, the confusion table of the pair selected, per-label agreement, and the cases they disagree
 * on (double-click opens one). Follows every label change.
 */
public final class AgreementView extends ViewPart {

    public static final String ID = "org.llavalens.ui.views.agreement";

    /** One row of a pair's confusion table: the first annotator's label and the counts per label of the second. */
    public record ConfusionRow(String label, long[] counts) {
    }

    private LensSession session;
    private Composite root;
    private Label summary;
    private Composite labelsHolder;
    private SortableTable<LabelTable.Row> labelTable;
    private List<String> labelTableAnnotators;
    private SortableTable<Agreement.PairKappa> pairs;
    private Group confusionGroup;
    private SortableTable<ConfusionRow> confusion;
    private List<String> confusionLabels;
    private SortableTable<Map.Entry<String, Double>> perLabel;
    private SortableTable<Agreement.Disagreement> disagreements;
    private Agreement.Report report;
    /** The pair whose confusion table is shown, kept across refreshes by the annotators' names. */
    private String pairA;
    private String pairB;

    @Override
    public void createPartControl(Composite parent) {
        session = Views.session(getSite());
        root = parent;
        parent.setLayout(new GridLayout(1, false));
        summary = new Label(parent, SWT.WRAP);
        summary.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        SashForm sides = new SashForm(parent, SWT.HORIZONTAL);
        sides.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        labelsHolder = group(sides, "Labels by annotator");
        SashForm middle = new SashForm(sides, SWT.VERTICAL);
        SashForm right = new SashForm(sides, SWT.VERTICAL);
        pairs = new SortableTable<>(group(middle, "Cohen's \u03BA per pair (select one)"),
                List.of(column("Annotator A", Agreement.PairKappa::a, 85),
                        column("Annotator B", Agreement.PairKappa::b, 85),
                        number("Cases", p -> (double) p.cases(), 50, "%.0f"),
                        number("Observed", Agreement.PairKappa::observed, 70, "%.3f"),
                        number("Chance", Agreement.PairKappa::expected, 60, "%.3f"),
                        number("Cohen's \u03BA", Agreement.PairKappa::kappa, 80, "%.3f")));
        pairs.viewer().addSelectionChangedListener(e -> {
            if (e.getStructuredSelection().getFirstElement() instanceof Agreement.PairKappa p) {
                pairA = p.a();
                pairB = p.b();
                showConfusion();
            }
        });
        confusionGroup = group(middle, "Confusion table");
        perLabel = new SortableTable<>(group(right, "Per-label agreement"),
                List.of(column("Label", e -> labelName(e.getKey()), 150),
                        column("Id", Map.Entry::getKey, 100),
                        number("Agreement", Map.Entry::getValue, 90, "%.3f")));
        perLabel.viewer().getTable().setToolTipText(
                "Specific agreement of each label: 2 n_jj / (row_j + col_j) over the coincidence table");
        disagreements = new SortableTable<>(group(right, "Disagreements (double-click opens)"),
                List.of(column("Case", Agreement.Disagreement::caseId, 150),
                        column("Labels", d -> describe(d.labels()), 360)));
        disagreements.viewer().addDoubleClickListener(e -> {
            if (e.getSelection() instanceof StructuredSelection s && s.getFirstElement() instanceof Agreement.Disagreement d) {
                open(d.caseId());
            }
        });
        sides.setWeights(4, 4, 3);
        Views.listen(session, summary, t -> {
            if (t == Topic.PROJECT || t == Topic.LABELS) {
                refresh();
            }
        });
        refresh();
    }

    private static Group group(Composite parent, String title) {
        Group g = new Group(parent, SWT.NONE);
        g.setText(title);
        g.setLayout(new FillLayout());
        return g;
    }

    private static <T> SortableTable.Column<T> column(String title, Function<T, String> text, int width) {
        Function<T, String> safe = r -> text.apply(r) == null ? "" : text.apply(r);
        return new SortableTable.Column<>(title, safe, Comparator.comparing(safe), width);
    }

    /** A number column: NaN (an undefined kappa) reads "undefined" and sorts last. */
    private static <T> SortableTable.Column<T> number(String title, Function<T, Double> value, int width, String format) {
        return new SortableTable.Column<>(title, r -> format(value.apply(r), format),
                Comparator.comparing(r -> Double.isNaN(value.apply(r)) ? Double.POSITIVE_INFINITY : value.apply(r)),
                width);
    }

    static String format(double v, String format) {
        return Double.isNaN(v) ? "undefined" : String.format(Locale.ROOT, format, v);
    }

    private void refresh() {
        if (session.project() == null) {
            report = null;
            summary.setText("No project: File > Open Project or Open Demo Project.");
            show(List.of(), new LabelTable(List.of(), List.of()));
            return;
        }
        List<Rating> ratings = ProjectRatings.of(session.project());
        LabelTable table;
        try {
            report = Agreement.compute(ratings);
            table = LabelTable.of(ratings);
        } catch (IllegalArgumentException e) {
            // a hand-edited sheet can give one case two labels; say so instead of showing half a report
            report = null;
            summary.setText("Cannot compute the agreement: " + e.getMessage());
            show(List.of(), new LabelTable(List.of(), List.of()));
            return;
        }
        Agreement.FleissKappa f = report.fleiss();
        summary.setText(String.format(Locale.ROOT,
                "%d annotators (one sheet each): %s \u00B7 %d labelled cases \u00B7 %d labelled by two or more \u00B7 "
                        + "Fleiss' \u03BA = %s%s \u00B7 %d disagreements",
                report.annotators().size(), String.join(", ", report.annotators()), report.cases(), f.cases(),
                format(f.kappa(), "%.3f"), f.cases() > 0 && !f.equalRaters() ? " (unequal raters per case)" : "",
                report.disagreements().size()));
        show(report.pairs(), table);
    }

    private void show(List<Agreement.PairKappa> pairRows, LabelTable table) {
        showLabelTable(table);
        pairs.setRows(pairRows);
        Agreement.PairKappa chosen = pairRows.stream().filter(p -> p.a().equals(pairA) && p.b().equals(pairB))
                .findFirst().orElse(pairRows.isEmpty() ? null : pairRows.get(0));
        pairA = chosen == null ? null : chosen.a();
        pairB = chosen == null ? null : chosen.b();
        if (chosen != null) {
            pairs.viewer().setSelection(new StructuredSelection(chosen));
        }
        showConfusion();
        perLabel.setRows(report == null ? List.of() : new ArrayList<>(report.specificAgreement().entrySet()));
        disagreements.setRows(report == null ? List.of() : report.disagreements());
        root.layout(true, true);
    }

    /** The cases x annotators table; its columns are the annotators, so it is rebuilt when they change. */
    private void showLabelTable(LabelTable table) {
        if (labelTable == null || !table.annotators().equals(labelTableAnnotators)) {
            if (labelTable != null) {
                labelTable.viewer().getTable().dispose();
            }
            List<SortableTable.Column<LabelTable.Row>> columns = new ArrayList<>();
            columns.add(column("Case", LabelTable.Row::caseId, 170));
            for (String a : table.annotators()) {
                columns.add(column(a, r -> r.label(a) == null ? "" : labelName(r.label(a)), 140));
            }
            columns.add(column("Agree", r -> r.disagreement() ? "\u2717" : r.labels().size() > 1 ? "\u2713" : "", 50));
            labelTable = new SortableTable<>(labelsHolder, columns);
            labelTable.viewer().addDoubleClickListener(e -> {
                if (e.getSelection() instanceof StructuredSelection s && s.getFirstElement() instanceof LabelTable.Row r) {
                    open(r.caseId());
                }
            });
            labelTableAnnotators = table.annotators();
            labelsHolder.layout(true, true);
        }
        labelTable.setRows(table.rows());
    }

    private void showConfusion() {
        Agreement.PairTable t = report == null ? null : report.pairTables().stream()
                .filter(p -> p.a().equals(pairA) && p.b().equals(pairB)).findFirst().orElse(null);
        List<String> labels = t == null ? List.of() : t.labels();
        if (confusion == null || !labels.equals(confusionLabels)) {
            if (confusion != null) {
                confusion.viewer().getTable().dispose();
            }
            List<SortableTable.Column<ConfusionRow>> columns = new ArrayList<>();
            columns.add(column(t == null ? "A \\ B" : t.a() + " \\ " + t.b(), r -> labelName(r.label()), 170));
            for (int j = 0; j < labels.size(); j++) {
                int col = j;
                SortableTable.Column<ConfusionRow> c = number(labels.get(j), r -> (double) r.counts()[col], 90, "%.0f");
                columns.add(c);
            }
            confusion = new SortableTable<>(confusionGroup, columns);
            confusionLabels = labels;
            confusionGroup.layout(true, true);
        }
        confusionGroup.setText(t == null ? "Confusion table (no pair shares a case)"
                : "Confusion: " + t.a() + " (rows) \u00D7 " + t.b() + " (columns)");
        List<ConfusionRow> rows = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            rows.add(new ConfusionRow(labels.get(i), t.counts()[i]));
        }
        confusion.setRows(rows);
        if (t != null) {
            confusion.viewer().getTable().getColumn(0).setText(t.a() + " \\ " + t.b());
        }
    }

    private void open(String caseId) {
        Case c = session.project() == null ? null : session.project().findCase(caseId);
        if (c == null) {
            summary.setText("Case " + caseId + " is labelled in a sheet but is not part of the project.");
            return;
        }
        CaseOpener.open(session, c);
    }

    private String labelName(String id) {
        CauseLabel l = session.project() == null ? null : Taxonomies.find(session.project().model().getTaxonomy(), id);
        return l == null || l.getName() == null ? id : l.getName();
    }

    private String describe(Map<String, String> labels) {
        List<String> parts = new ArrayList<>();
        labels.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> parts.add(e.getKey() + ": " + labelName(e.getValue())));
        return String.join(" \u00B7 ", parts);
    }

    /** The report shown, or null when there is no project (or it cannot be computed). */
    public Agreement.Report report() {
        return report;
    }

    public String summaryText() {
        return summary.getText();
    }

    public SortableTable<LabelTable.Row> labelTable() {
        return labelTable;
    }

    public SortableTable<Agreement.PairKappa> pairTable() {
        return pairs;
    }

    public SortableTable<ConfusionRow> confusionTable() {
        return confusion;
    }

    public SortableTable<Map.Entry<String, Double>> perLabelTable() {
        return perLabel;
    }

    public SortableTable<Agreement.Disagreement> disagreementTable() {
        return disagreements;
    }

    public Composite control() {
        return root;
    }

    @Override
    public void setFocus() {
        pairs.viewer().getControl().setFocus();
    }
}
