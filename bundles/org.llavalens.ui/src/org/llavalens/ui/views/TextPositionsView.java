package org.llavalens.ui.views;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.part.ViewPart;
import org.llavalens.analysis.explain.NextTokens;
import org.llavalens.attribution.HeadId;
import org.llavalens.attribution.ScoreVector;
import org.llavalens.attribution.result.MethodResult;
import org.llavalens.ui.jobs.FollowUps;
import org.llavalens.ui.session.CaseResult;
import org.llavalens.ui.session.LensSession;
import org.llavalens.ui.session.Topic;
import org.llavalens.ui.widgets.SortableTable;
import org.llavalens.ui.widgets.SortableTable.Column;

/**
 * Position scores of the question's tokens next to the image's: for the selected head (or the
 * first head the result kept), one row per text position and two rows summarising the image span
 * (its total and its best patch), so a reader sees whether the head read the text or the picture.
 * Selecting a text position asks the Token Tables view for that position's tables. On request, each
 * text position shows the model's top prediction of the token after it (one more forward pass, which
 * keeps every position's logits: the plain analysis does not pay for them).
 */
public final class TextPositionsView extends ViewPart {

    public static final String ID = "org.llavalens.ui.views.positions";

    /** One row: a text position, or a summary of the image positions (position -1); next: the predicted token or "". */
    public record PositionRow(int position, String token, String kind, double score, String next) {
    }

    private LensSession session;
    private Label heading;
    private Button predict;
    private Object requestedPredictions;
    private SortableTable<PositionRow> table;

    @Override
    public void createPartControl(Composite parent) {
        session = Views.session(getSite());
        parent.setLayout(new GridLayout(1, false));
        heading = new Label(parent, SWT.WRAP);
        heading.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        predict = new Button(parent, SWT.CHECK);
        predict.setText("Show each position's next-token prediction (runs the model once more)");
        predict.addListener(SWT.Selection, e -> {
            requestPredictions();
            refresh();
        });
        Composite holder = new Composite(parent, SWT.NONE);
        holder.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        holder.setLayout(new org.eclipse.swt.layout.FillLayout());
        table = new SortableTable<>(holder, List.of(
                new Column<PositionRow>("Position", r -> r.position() < 0 ? "" : Integer.toString(r.position()),
                        Comparator.comparingInt(PositionRow::position), 70),
                new Column<PositionRow>("Token", PositionRow::token, Comparator.comparing(PositionRow::token), 140),
                new Column<PositionRow>("Predicts next", PositionRow::next, Comparator.comparing(PositionRow::next), 110),
                new Column<PositionRow>("Kind", PositionRow::kind, Comparator.comparing(PositionRow::kind), 90),
                new Column<PositionRow>("Score S_j", r -> String.format(Locale.ROOT, "%+.5f", r.score()),
                        Comparator.comparingDouble(PositionRow::score), 100)));
        table.viewer().addSelectionChangedListener(e -> {
            if (e.getStructuredSelection().getFirstElement() instanceof PositionRow row && row.position() >= 0) {
                session.selectPosition(row.position());
            }
        });
        // a selected position's tables arriving changes nothing here, and must not drop the row selection
        Views.listen(session, heading, t -> {
            if (t == Topic.RESULT || t == Topic.CASE) {
                requestPredictions();
            }
            if (t != Topic.POSITION) {
                refresh();
            }
        });
        refresh();
    }

    /** Shows the predictions, or not, and asks for them once per result. */
    public void showPredictions(boolean show) {
        predict.setSelection(show);
        requestPredictions();
        refresh();
    }

    private void requestPredictions() {
        CaseResult r = session.result();
        if (!predict.getSelection() || r == null || session.currentCase() == null || session.nextTokens() != null
                || r.main() == requestedPredictions) {
            return;
        }
        requestedPredictions = r.main();
        FollowUps.nextTokens(session, session.currentCase()).schedule();
    }

    private void refresh() {
        CaseResult r = session.result();
        HeadId head = session.selectedHead();
        double[] scores = session.headPositions();
        if (r != null && (head == null || scores == null)) {
            MethodResult m = r.headMethod().orElse(null);
            Map<HeadId, ScoreVector> kept = m == null ? Map.of() : m.positionsByHead();
            if (!kept.isEmpty()) {
                var first = kept.entrySet().iterator().next();
                head = first.getKey();
                scores = first.getValue().toArray();
            }
        }
        if (r == null || scores == null) {
            heading.setText(r == null ? "No result: analyse a case." : "No position scores: click a head.");
            table.setRows(List.of());
            return;
        }
        heading.setText("Head " + head + ": score of each position for the target '" + r.main().target().text() + "'");
        table.setRows(rows(r, scores, predict.getSelection() ? session.nextTokens() : null));
        heading.getParent().layout();
    }

    static List<PositionRow> rows(CaseResult r, double[] scores, NextTokens next) {
        int[] span = r.main().provenance().imageSpan();
        List<PositionRow> rows = new ArrayList<>();
        double imageSum = 0;
        double imageMax = Double.NEGATIVE_INFINITY;
        int best = -1;
        for (int j = 0; j < scores.length; j++) {
            if (span != null && j >= span[0] && j < span[1]) {
                imageSum += scores[j];
                if (scores[j] > imageMax) {
                    imageMax = scores[j];
                    best = j;
                }
            } else {
                rows.add(new PositionRow(j, visible(r.token(j)), "text", scores[j],
                        next == null ? "" : visible(next.after(j))));
            }
        }
        if (span != null) {
            rows.add(new PositionRow(-1, "image, all " + (span[1] - span[0]) + " positions", "image (sum)", imageSum, ""));
            rows.add(new PositionRow(-1, "image, best position " + best, "image (max)", imageMax, ""));
        }
        return rows;
    }

    /** Newlines and tabs written out, so a row never looks empty. */
    public static String visible(String token) {
        return token.replace("\n", "\\n").replace("\t", "\\t");
    }

    public SortableTable<PositionRow> table() {
        return table;
    }

    @Override
    public void setFocus() {
        heading.setFocus();
    }
}
