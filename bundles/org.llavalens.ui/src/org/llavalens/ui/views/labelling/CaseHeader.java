package org.llavalens.ui.views.labelling;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.llavalens.annotation.Taxonomies;
import org.llavalens.annotation.model.Annotation;
import org.llavalens.annotation.model.Case;
import org.llavalens.annotation.model.CauseLabel;
import org.llavalens.ui.session.CaseResult;
import org.llavalens.ui.session.Labelling;
import org.llavalens.ui.session.LensSession;

/** What the annotator labels: the case's question and answers, and the label it has from them. */
public final class CaseHeader {

    private final LensSession session;
    private final Label caseInfo;
    private final Label current;

    /** Adds two wrapping lines to {@code parent}, whose layout is a one-column grid. */
    public CaseHeader(Composite parent, LensSession session) {
        this.session = session;
        caseInfo = new Label(parent, SWT.WRAP);
        caseInfo.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        current = new Label(parent, SWT.WRAP);
        current.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
    }

    public void showNoCase() {
        caseInfo.setText("No case: pick one in the Project navigator.");
        current.setText("");
    }

    /** Shows {@code c}, labelled with {@code a} by the annotator or not yet ({@code a} null). */
    public void show(Case c, Annotation a) {
        CaseResult r = session.result();
        String answer = r == null ? (c.getModelAnswer() == null ? "not analysed" : c.getModelAnswer())
                : r.main().target().text();
        caseInfo.setText(c.getId() + ": " + c.getQuestion() + "\nexpected: "
                + (c.getExpectedAnswer() == null ? "?" : c.getExpectedAnswer()) + "   model: " + answer.strip());
        CauseLabel label = a == null ? null : Taxonomies.find(session.project().model().getTaxonomy(), a.getLabelId());
        current.setText(a == null ? "Not labelled by " + Labelling.annotator() + "."
                : "Label: " + (label == null ? a.getLabelId() : label.getName()) + " by " + a.getAnnotator()
                        + (a.getEvidence() != null && !a.getEvidence().getPatches().isEmpty()
                                ? " (" + a.getEvidence().getPatches().size() + " patches as evidence)" : ""));
    }

    /** The control whose disposal ends the view's session listening, and that takes the focus without buttons. */
    public Control control() {
        return caseInfo;
    }
}
