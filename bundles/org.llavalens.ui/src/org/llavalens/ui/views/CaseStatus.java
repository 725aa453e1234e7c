package org.llavalens.ui.views;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import org.llavalens.annotation.Taxonomies;
import org.llavalens.annotation.model.Annotation;
import org.llavalens.annotation.model.Case;
import org.llavalens.annotation.model.CauseLabel;
import org.llavalens.annotation.model.ReviewState;
import org.llavalens.ui.session.CaseResult;
import org.llavalens.ui.session.LensSession;

/**
 * What the navigator shows of a case: its answer against the expected one, its labels (and who gave
 * them, and whether they differ), its review state.
 */
public record CaseStatus(Case c, String answer, Boolean correct, String label, ReviewState review,
        Set<String> annotators, boolean disagreement) {

    public static CaseStatus of(LensSession session, Case c) {
        CaseResult r = session.result(c.getId());
        String answer = r != null ? clean(r.main().target().text()) : c.getModelAnswer();
        Boolean correct = null;
        if (answer != null && c.getExpectedAnswer() != null && !c.getExpectedAnswer().isBlank()) {
            correct = clean(answer).equalsIgnoreCase(clean(c.getExpectedAnswer()));
        }
        String label = null;
        Set<String> annotators = new TreeSet<>();
        Set<String> labelIds = new HashSet<>();
        if (session.labels() != null) {
            for (Annotation a : session.project().annotations(c)) {
                annotators.add(a.getAnnotator());
                labelIds.add(a.getLabelId());
                CauseLabel l = Taxonomies.find(session.project().model().getTaxonomy(), a.getLabelId());
                String name = l == null ? a.getLabelId() : l.getName();
                label = label == null ? name : label + ", " + name;
            }
        }
        ReviewState review = session.labels() == null ? ReviewState.NEW : session.labels().reviewState(c);
        return new CaseStatus(c, answer, correct, label, review, annotators, labelIds.size() > 1);
    }

    /** Sentence-piece spaces and punctuation do not make an answer wrong. */
    static String clean(String s) {
        return s.replace('\u2581', ' ').replaceAll("[.!?,]+$", "").strip().toLowerCase(Locale.ROOT);
    }

    public String marker() {
        return correct == null ? "\u00B7" : correct ? "\u2713" : "\u2717";
    }
}
