package org.llavalens.ui.views.labelling;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.llavalens.annotation.ReviewStates;
import org.llavalens.annotation.model.Case;
import org.llavalens.annotation.model.ReviewEntry;
import org.llavalens.annotation.model.ReviewState;
import org.llavalens.ui.session.Labelling;
import org.llavalens.ui.session.LensSession;
import org.llavalens.ui.widgets.SortableTable;

/**
 * The case's review: its state (a change sends the comment typed along), a comment that keeps the
 * state, and the history of both, newest first.
 */
public final class ReviewSection {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    private final LensSession session;
    private final Edits edits;
    private final Combo review;
    private final Text comment;
    private final SortableTable<ReviewEntry> history;

    /** Adds its rows to {@code grid}, the three-column grid {@link LabelDetails} starts. */
    public ReviewSection(Composite grid, LensSession session, Edits edits, LabelKeys keys) {
        this.session = session;
        this.edits = edits;
        new Label(grid, SWT.NONE).setText("Review:");
        review = new Combo(grid, SWT.READ_ONLY);
        for (ReviewState s : ReviewState.VALUES) {
            review.add(s.getLiteral());
        }
        review.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        review.addListener(SWT.Selection, e -> setReview());
        new Label(grid, SWT.NONE).setText("Comment:");
        comment = new Text(grid, SWT.SINGLE | SWT.BORDER);
        comment.setMessage("goes with the next review state, or press Enter");
        comment.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        comment.addListener(SWT.DefaultSelection, e -> addComment());
        keys.offWhileTyping(comment, () -> {
        });
        Button send = new Button(grid, SWT.PUSH);
        send.setText("&Comment");
        send.addListener(SWT.Selection, e -> addComment());
        history = new SortableTable<>(grid, List.of(
                new SortableTable.Column<>("Time", e -> e.getTime() == null ? "" : TIME.format(e.getTime().toInstant()),
                        ReviewStates.CHRONOLOGICAL, 150),
                new SortableTable.Column<>("Reviewer", e -> Texts.nonNull(e.getReviewer()),
                        Comparator.comparing(e -> Texts.nonNull(e.getReviewer())), 80),
                new SortableTable.Column<>("State", e -> e.getState() == null ? "" : e.getState().getLiteral(),
                        Comparator.comparing(e -> e.getState() == null ? -1 : e.getState().getValue()), 105),
                new SortableTable.Column<>("Comment", e -> Texts.nonNull(e.getComment()),
                        Comparator.comparing(e -> Texts.nonNull(e.getComment())), 220)));
        GridData historyData = new GridData(SWT.FILL, SWT.FILL, true, true, 3, 1);
        historyData.heightHint = 80;
        history.viewer().getTable().setLayoutData(historyData);
    }

    private void setReview() {
        Case c = session.currentCase();
        if (c == null || review.getSelectionIndex() < 0) {
            return;
        }
        ReviewState s = ReviewState.VALUES.get(review.getSelectionIndex());
        if (s != session.labels().reviewState(c)) {
            String text = Texts.blankToNull(comment.getText());
            if (edits.run(() -> session.labels().review(c, Labelling.annotator(), s, text))) {
                comment.setText("");
            }
        }
    }

    /** Sends the comment field's text (when not blank) as a comment that keeps the review state. */
    private void addComment() {
        Case c = session.currentCase();
        String text = Texts.blankToNull(comment.getText());
        if (c == null || session.labels() == null || text == null) {
            return;
        }
        if (edits.run(() -> session.labels().comment(c, Labelling.annotator(), text))) {
            comment.setText("");
        }
    }

    public void setEnabled(boolean enabled) {
        review.setEnabled(enabled);
        comment.setEnabled(enabled);
    }

    public void showNoCase() {
        history.setRows(List.of());
    }

    public void show(Case c) {
        review.select(ReviewState.VALUES.indexOf(session.labels().reviewState(c)));
        List<ReviewEntry> reviews = new ArrayList<>(session.project().reviews(c));
        Collections.reverse(reviews);
        history.setRows(reviews);
    }

    public Combo stateField() {
        return review;
    }

    public Text commentField() {
        return comment;
    }

    public SortableTable<ReviewEntry> history() {
        return history;
    }
}
