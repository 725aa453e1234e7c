package org.llavalens.ui.views;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.layout.RowLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Scale;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.contexts.IContextActivation;
import org.eclipse.ui.contexts.IContextService;
import org.eclipse.ui.handlers.IHandlerService;
import org.eclipse.ui.part.ViewPart;
import org.llavalens.annotation.ReviewStates;
import org.llavalens.annotation.Taxonomies;
import org.llavalens.annotation.model.Annotation;
import org.llavalens.annotation.model.Case;
import org.llavalens.annotation.model.CauseLabel;
import org.llavalens.annotation.model.ReviewEntry;
import org.llavalens.annotation.model.ReviewState;
import org.llavalens.ui.jobs.CaseOpener;
import org.llavalens.ui.session.CaseResult;
import org.llavalens.ui.session.Labelling;
import org.llavalens.ui.session.LensSession;
import org.llavalens.ui.session.Topic;
import org.llavalens.ui.widgets.SortableTable;

/**
 * Labelling the current case: the taxonomy as buttons (keys 1-9 anywhere in the inspection views),
 * note, confidence, review state with a comment and the case's review history; previous/next case. Every change is one command on the
 * project's stack (Ctrl+Z / Ctrl+Y) and is saved by the project's autosave.
 */
public final class LabellingView extends ViewPart {

    public static final String ID = "org.llavalens.ui.views.labelling";
    static final String EDIT_TAXONOMY = "org.llavalens.ui.commands.editTaxonomy";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    private LensSession session;
    private IContextService contexts;
    private IContextActivation activation;
    private Composite root;
    private ScrolledComposite scroll;
    private Composite body;
    private Label caseInfo;
    private Label current;
    private Composite buttons;
    private Scale confidence;
    private Label confidenceText;
    private Text note;
    private Combo review;
    private Text comment;
    private SortableTable<ReviewEntry> history;
    private String taxonomyShown;
    private final List<Button> labelButtons = new ArrayList<>();

    @Override
    public void createPartControl(Composite parent) {
        session = Views.session(getSite());
        contexts = getSite().getService(IContextService.class);
        activation = contexts.activateContext(CanvasView.CONTEXT);
        root = parent;
        parent.setLayout(new FillLayout());
        // a small view scrolls instead of cutting off the review history
        scroll = new ScrolledComposite(parent, SWT.V_SCROLL);
        scroll.setExpandHorizontal(true);
        scroll.setExpandVertical(true);
        body = new Composite(scroll, SWT.NONE);
        scroll.setContent(body);
        scroll.addListener(SWT.Resize, e -> fit());
        body.setLayout(new GridLayout(1, false));
        caseInfo = new Label(body, SWT.WRAP);
        caseInfo.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        current = new Label(body, SWT.WRAP);
        current.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        Group causes = new Group(body, SWT.NONE);
        causes.setText("Cause (keys 1\u20139)");
        causes.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        causes.setLayout(new GridLayout(1, false));
        buttons = new Composite(causes, SWT.NONE);
        buttons.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        RowLayout rows = new RowLayout(SWT.HORIZONTAL);
        rows.wrap = true;
        buttons.setLayout(rows);
        Composite details = new Composite(body, SWT.NONE);
        details.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        details.setLayout(new GridLayout(3, false));
        new Label(details, SWT.NONE).setText("Confidence:");
        confidence = new Scale(details, SWT.HORIZONTAL);
        confidence.setMaximum(100);
        confidence.setSelection(100);
        confidence.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        confidenceText = new Label(details, SWT.NONE);
        confidenceText.setText("1.00");
        confidence.addListener(SWT.Selection, e -> confidenceText.setText(
                String.format(Locale.ROOT, "%.2f", confidence.getSelection() / 100.0)));
        confidence.addListener(SWT.MouseUp, e -> updateDetails());
        confidence.addListener(SWT.KeyUp, e -> updateDetails());
        new Label(details, SWT.NONE).setText("Note:");
        note = new Text(details, SWT.MULTI | SWT.BORDER | SWT.WRAP | SWT.V_SCROLL);
        GridData noteData = new GridData(SWT.FILL, SWT.FILL, true, true, 2, 1);
        noteData.heightHint = 40;
        note.setLayoutData(noteData);
        keysOffWhileTyping(note, this::updateDetails);
        new Label(details, SWT.NONE).setText("Review:");
        review = new Combo(details, SWT.READ_ONLY);
        for (ReviewState s : ReviewState.VALUES) {
            review.add(s.getLiteral());
        }
        review.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        review.addListener(SWT.Selection, e -> setReview());
        new Label(details, SWT.NONE).setText("Comment:");
        comment = new Text(details, SWT.SINGLE | SWT.BORDER);
        comment.setMessage("goes with the next review state, or press Enter");
        comment.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        comment.addListener(SWT.DefaultSelection, e -> addComment());
        keysOffWhileTyping(comment, () -> {
        });
        button(details, "&Comment", this::addComment);
        history = new SortableTable<>(details, List.of(
                new SortableTable.Column<>("Time", e -> e.getTime() == null ? "" : TIME.format(e.getTime().toInstant()),
                        ReviewStates.CHRONOLOGICAL, 150),
                new SortableTable.Column<>("Reviewer", e -> nonNull(e.getReviewer()),
                        Comparator.comparing(e -> nonNull(e.getReviewer())), 80),
                new SortableTable.Column<>("State", e -> e.getState() == null ? "" : e.getState().getLiteral(),
                        Comparator.comparing(e -> e.getState() == null ? -1 : e.getState().getValue()), 105),
                new SortableTable.Column<>("Comment", e -> nonNull(e.getComment()),
                        Comparator.comparing(e -> nonNull(e.getComment())), 220)));
        GridData historyData = new GridData(SWT.FILL, SWT.FILL, true, true, 3, 1);
        historyData.heightHint = 80;
        history.viewer().getTable().setLayoutData(historyData);
        Composite nav = new Composite(body, SWT.NONE);
        nav.setLayout(new RowLayout());
        button(nav, "\u25C0 &Previous", () -> CaseOpener.open(session, Labelling.neighbour(session, -1)));
        button(nav, "&Next \u25B6", () -> CaseOpener.open(session, Labelling.neighbour(session, 1)));
        button(nav, "&Undo", () -> {
            if (session.labels() != null && session.labels().canUndo()) {
                session.labels().undo();
            }
        });
        button(nav, "&Redo", () -> {
            if (session.labels() != null && session.labels().canRedo()) {
                session.labels().redo();
            }
        });
        button(nav, "Ta&xonomy\u2026", this::editTaxonomy);
        Views.listen(session, caseInfo, t -> {
            if (t == Topic.PROJECT || t == Topic.LABELS && !taxonomyKey().equals(taxonomyShown)) {
                rebuildButtons();
            }
            if (t != Topic.BUSY && t != Topic.COMPARE) {
                refresh();
            }
        });
        rebuildButtons();
        refresh();
    }

    /** Typing digits in a text field must not relabel the case: the label keys are off meanwhile. */
    private void keysOffWhileTyping(Text field, Runnable onLeave) {
        field.addListener(SWT.FocusIn, e -> deactivateKeys());
        field.addListener(SWT.FocusOut, e -> {
            if (activation == null) {
                activation = contexts.activateContext(CanvasView.CONTEXT);
            }
            onLeave.run();
        });
    }

    private void editTaxonomy() {
        try {
            getSite().getService(IHandlerService.class).executeCommand(EDIT_TAXONOMY, null);
        } catch (Exception e) {
            MessageDialog.openError(getSite().getShell(), "Edit Taxonomy", e.getMessage());
        }
    }

    private void deactivateKeys() {
        if (activation != null) {
            contexts.deactivateContext(activation);
            activation = null;
        }
    }

    /** What the buttons show of the taxonomy; they are rebuilt when it changes (an edit or its undo). */
    private String taxonomyKey() {
        if (session.project() == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (CauseLabel l : session.project().model().getTaxonomy().getLabels()) {
            b.append(l.getId()).append('\u0000').append(l.getName()).append('\u0000').append(l.getDescription())
                    .append('\u0000').append(l.getShortcut()).append('\u0000').append(l.isRetired()).append('\n');
        }
        return b.toString();
    }

    private static void button(Composite parent, String text, Runnable action) {
        Button b = new Button(parent, SWT.PUSH);
        b.setText(text);
        b.addListener(SWT.Selection, e -> action.run());
    }

    private void rebuildButtons() {
        labelButtons.forEach(Button::dispose);
        labelButtons.clear();
        taxonomyShown = taxonomyKey();
        if (session.project() != null) {
            for (CauseLabel l : session.project().model().getTaxonomy().getLabels()) {
                if (l.isRetired()) {
                    continue;
                }
                Button b = new Button(buttons, SWT.TOGGLE);
                b.setText((l.getShortcut() > 0 ? l.getShortcut() + "  " : "") + l.getName());
                b.setToolTipText(l.getDescription());
                b.setData(l.getId());
                b.addListener(SWT.Selection, e -> apply(l.getId()));
                labelButtons.add(b);
            }
        }
        body.layout(true, true);
        fit();
    }

    private void apply(String labelId) {
        guarded(() -> Labelling.set(session, labelId, confidence.getSelection() / 100.0, blankToNull(note.getText())));
    }

    private void updateDetails() {
        Annotation a = Labelling.current(session);
        if (a == null) {
            return;
        }
        double conf = confidence.getSelection() / 100.0;
        String n = blankToNull(note.getText());
        if (Math.abs(a.getConfidence() - conf) > 1e-9 || !java.util.Objects.equals(a.getNote(), n)) {
            guarded(() -> Labelling.set(session, a.getLabelId(), conf, n));
        }
    }

    private void setReview() {
        Case c = session.currentCase();
        if (c == null || review.getSelectionIndex() < 0) {
            return;
        }
        ReviewState s = ReviewState.VALUES.get(review.getSelectionIndex());
        if (s != session.labels().reviewState(c)) {
            String text = blankToNull(comment.getText());
            if (guarded(() -> session.labels().review(c, Labelling.annotator(), s, text))) {
                comment.setText("");
            }
        }
    }

    /** A comment that keeps the review state (the comment field's text, when not blank). */
    private void addComment() {
        Case c = session.currentCase();
        String text = blankToNull(comment.getText());
        if (c == null || session.labels() == null || text == null) {
            return;
        }
        if (guarded(() -> session.labels().comment(c, Labelling.annotator(), text))) {
            comment.setText("");
        }
    }

    private boolean guarded(Runnable r) {
        try {
            r.run();
            return true;
        } catch (RuntimeException e) {
            MessageDialog.openError(getSite().getShell(), "Cannot label the case", e.getMessage());
            refresh();
            return false;
        }
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private void refresh() {
        Case c = session.currentCase();
        boolean open = c != null && session.labels() != null;
        labelButtons.forEach(b -> b.setEnabled(open));
        confidence.setEnabled(open);
        note.setEnabled(open);
        review.setEnabled(open);
        comment.setEnabled(open);
        if (!open) {
            caseInfo.setText("No case: pick one in the Project navigator.");
            current.setText("");
            history.setRows(List.of());
            return;
        }
        CaseResult r = session.result();
        String answer = r == null ? (c.getModelAnswer() == null ? "not analysed" : c.getModelAnswer())
                : r.main().target().text();
        caseInfo.setText(c.getId() + ": " + c.getQuestion() + "\nexpected: "
                + (c.getExpectedAnswer() == null ? "?" : c.getExpectedAnswer()) + "   model: " + answer.strip());
        Annotation a = Labelling.current(session);
        CauseLabel label = a == null ? null : Taxonomies.find(session.project().model().getTaxonomy(), a.getLabelId());
        current.setText(a == null ? "Not labelled by " + Labelling.annotator() + "."
                : "Label: " + (label == null ? a.getLabelId() : label.getName()) + " by " + a.getAnnotator()
                        + (a.getEvidence() != null && !a.getEvidence().getPatches().isEmpty()
                                ? " (" + a.getEvidence().getPatches().size() + " patches as evidence)" : ""));
        for (Button b : labelButtons) {
            b.setSelection(a != null && b.getData().equals(a.getLabelId()));
        }
        if (!note.isFocusControl()) {
            note.setText(a == null || a.getNote() == null ? "" : a.getNote());
        }
        confidence.setSelection(a == null ? 100 : (int) Math.round(a.getConfidence() * 100));
        confidenceText.setText(String.format(Locale.ROOT, "%.2f", confidence.getSelection() / 100.0));
        review.select(ReviewState.VALUES.indexOf(session.labels().reviewState(c)));
        List<ReviewEntry> reviews = new ArrayList<>(session.project().reviews(c));
        Collections.reverse(reviews); // newest first
        history.setRows(reviews);
        body.layout(true, true);
        fit();
    }

    private void fit() {
        int width = scroll.getClientArea().width;
        scroll.setMinSize(body.computeSize(width > 0 ? width : SWT.DEFAULT, SWT.DEFAULT));
    }

    public Composite control() {
        return root;
    }

    /** The buttons of the taxonomy's labels, in taxonomy order (each carries its label id as data). */
    public List<Button> labelButtons() {
        return List.copyOf(labelButtons);
    }

    public Combo reviewField() {
        return review;
    }

    public Text commentField() {
        return comment;
    }

    public SortableTable<ReviewEntry> history() {
        return history;
    }

    @Override
    public void setFocus() {
        if (!labelButtons.isEmpty()) {
            labelButtons.get(0).setFocus();
        } else {
            caseInfo.setFocus();
        }
    }
}
