package org.llavalens.ui.views.labelling;

import java.util.Locale;
import java.util.Objects;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Scale;
import org.eclipse.swt.widgets.Text;
import org.llavalens.annotation.model.Annotation;
import org.llavalens.ui.session.Labelling;
import org.llavalens.ui.session.LensSession;

/**
 * How sure the annotator is of the label and why: confidence and note. A new label takes them as
 * they stand; a change to them relabels the case with the label it has once the annotator lets go
 * of the scale or leaves the note.
 */
public final class LabelDetails {

    private final LensSession session;
    private final Edits edits;
    private final Scale confidence;
    private final Label confidenceText;
    private final Text note;

    /**
     * Adds two rows to {@code grid}, whose layout is a three-column grid shared with the review
     * rows so that the field titles line up.
     */
    public LabelDetails(Composite grid, LensSession session, Edits edits, LabelKeys keys) {
        this.session = session;
        this.edits = edits;
        new Label(grid, SWT.NONE).setText("Confidence:");
        confidence = new Scale(grid, SWT.HORIZONTAL);
        confidence.setMaximum(100);
        confidence.setSelection(100);
        confidence.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        confidenceText = new Label(grid, SWT.NONE);
        confidenceText.setText("1.00");
        confidence.addListener(SWT.Selection, e -> showConfidence());
        confidence.addListener(SWT.MouseUp, e -> update());
        confidence.addListener(SWT.KeyUp, e -> update());
        new Label(grid, SWT.NONE).setText("Note:");
        note = new Text(grid, SWT.MULTI | SWT.BORDER | SWT.WRAP | SWT.V_SCROLL);
        GridData noteData = new GridData(SWT.FILL, SWT.FILL, true, true, 2, 1);
        noteData.heightHint = 40;
        note.setLayoutData(noteData);
        keys.offWhileTyping(note, this::update);
    }

    private void showConfidence() {
        confidenceText.setText(String.format(Locale.ROOT, "%.2f", confidence.getSelection() / 100.0));
    }

    private double confidence() {
        return confidence.getSelection() / 100.0;
    }

    /** Labels the case with {@code labelId} and the confidence and note shown. */
    public void label(String labelId) {
        double conf = confidence();
        String n = Texts.blankToNull(note.getText());
        edits.run(() -> Labelling.set(session, labelId, conf, n));
    }

    private void update() {
        Annotation a = Labelling.current(session);
        if (a == null) {
            return;
        }
        double conf = confidence();
        String n = Texts.blankToNull(note.getText());
        if (Math.abs(a.getConfidence() - conf) > 1e-9 || !Objects.equals(a.getNote(), n)) {
            edits.run(() -> Labelling.set(session, a.getLabelId(), conf, n));
        }
    }

    public void setEnabled(boolean enabled) {
        confidence.setEnabled(enabled);
        note.setEnabled(enabled);
    }

    /** Shows {@code a}'s details, or those a new label starts with; a note being typed is kept. */
    public void show(Annotation a) {
        if (!note.isFocusControl()) {
            note.setText(a == null || a.getNote() == null ? "" : a.getNote());
        }
        confidence.setSelection(a == null ? 100 : (int) Math.round(a.getConfidence() * 100));
        showConfidence();
    }
}
