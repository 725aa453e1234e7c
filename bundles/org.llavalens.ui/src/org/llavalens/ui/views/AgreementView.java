package org.llavalens.ui.views;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
import org.llavalens.annotation.agreement.Agreement;
import org.llavalens.annotation.agreement.LabelTable;
import org.llavalens.annotation.agreement.ProjectRatings;
import org.llavalens.annotation.agreement.Rating;
import org.llavalens.annotation.model.Case;
import org.llavalens.ui.jobs.CaseOpener;
import org.llavalens.ui.session.LensSession;
import org.llavalens.ui.session.Topic;
import org.llavalens.ui.views.agreement.AgreementTables;
import org.llavalens.ui.views.agreement.Columns;
import org.llavalens.ui.views.agreement.ConfusionRow;
import org.llavalens.ui.views.agreement.ConfusionTable;
import org.llavalens.ui.views.agreement.LabelNames;
import org.llavalens.ui.views.agreement.LabelsByAnnotator;
import org.llavalens.ui.widgets.SortableTable;

/**
 * How far the annotators (one sheet each) agree, as the annotation bundle's agreement package
 * computes it: the cases x annotators table of their labels, Cohen's kappa of every pair, Fleiss'
 * kappa, the confusion table of the pair selected, per-label agreement, and the cases they disagree
 * on (double-click opens one). Follows every label change.
 */
public final class AgreementView extends ViewPart {

    public static final String ID = "org.llavalens.ui.views.agreement";

    private LensSession session;
    private Composite root;
    private Label summary;
    private LabelsByAnnotator labelTable;
    private SortableTable<Agreement.PairKappa> pairs;
    private ConfusionTable confusion;
    private SortableTable<Map.Entry<String, Double>> perLabel;
    private SortableTable<Agreement.Disagreement> disagreements;
    private Agreement.Report report;
    /** The ratings the report was computed from, for a pair's confusion table made on demand. */
    private List<Rating> reportRatings = List.of();
    /** The pair whose confusion table is shown, kept across refreshes by the annotators' names. */
    private String pairA;
    private String pairB;

    @Override
    public void createPartControl(Composite parent) {
        session = Views.session(getSite());
        LabelNames names = new LabelNames(session);
        root = parent;
        parent.setLayout(new GridLayout(1, false));
        summary = new Label(parent, SWT.WRAP);
        summary.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        SashForm sides = new SashForm(parent, SWT.HORIZONTAL);
        sides.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        labelTable = new LabelsByAnnotator(group(sides, "Labels by annotator"), names, this::open);
        SashForm middle = new SashForm(sides, SWT.VERTICAL);
        SashForm right = new SashForm(sides, SWT.VERTICAL);
        pairs = AgreementTables.pairs(group(middle, "Cohen's \u03BA per pair (select one)"));
        pairs.viewer().addSelectionChangedListener(e -> {
            if (e.getStructuredSelection().getFirstElement() instanceof Agreement.PairKappa p) {
                pairA = p.a();
                pairB = p.b();
                showConfusion();
            }
        });
        confusion = new ConfusionTable(group(middle, "Confusion table"), names);
        perLabel = AgreementTables.perLabel(group(right, "Per-label agreement"), names);
        disagreements = AgreementTables.disagreements(group(right, "Disagreements (double-click opens)"), names,
                this::open);
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
            reportRatings = ratings;
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
                Columns.format(f.kappa(), "%.3f"), f.cases() > 0 && !f.equalRaters() ? " (unequal raters per case)" : "",
                report.disagreements().size()));
        show(report.pairs(), table);
    }

    private void show(List<Agreement.PairKappa> pairRows, LabelTable table) {
        labelTable.show(table);
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

    private void showConfusion() {
        // a large team's report keeps no per-pair tables: the chosen pair's is made when asked for
        confusion.show(report == null || pairA == null ? null : report.pairTables().stream()
                .filter(p -> p.a().equals(pairA) && p.b().equals(pairB)).findFirst()
                .orElseGet(() -> Agreement.pairTable(reportRatings, pairA, pairB)));
    }

    private void open(String caseId) {
        Case c = session.project() == null ? null : session.project().findCase(caseId);
        if (c == null) {
            summary.setText("Case " + caseId + " is labelled in a sheet but is not part of the project.");
            return;
        }
        CaseOpener.open(session, c);
    }

    /** The report shown, or null when there is no project (or it cannot be computed). */
    public Agreement.Report report() {
        return report;
    }

    public String summaryText() {
        return summary.getText();
    }

    public SortableTable<LabelTable.Row> labelTable() {
        return labelTable.table();
    }

    public SortableTable<Agreement.PairKappa> pairTable() {
        return pairs;
    }

    public SortableTable<ConfusionRow> confusionTable() {
        return confusion.table();
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
