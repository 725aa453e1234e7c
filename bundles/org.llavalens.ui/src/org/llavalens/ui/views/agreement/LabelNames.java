package org.llavalens.ui.views.agreement;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.llavalens.annotation.Taxonomies;
import org.llavalens.annotation.model.CauseLabel;
import org.llavalens.ui.session.LensSession;

/**
 * Label ids as the annotators know them: the name in the project's taxonomy, or the id itself
 * when a sheet uses a label the taxonomy does not have.
 */
public final class LabelNames {

    private final LensSession session;

    public LabelNames(LensSession session) {
        this.session = session;
    }

    public String name(String id) {
        CauseLabel l = session.project() == null ? null : Taxonomies.find(session.project().model().getTaxonomy(), id);
        return l == null || l.getName() == null ? id : l.getName();
    }

    /** The labels of a case by annotator, in annotator order: "ann1: Name · ann2: Name". */
    public String describe(Map<String, String> labels) {
        List<String> parts = new ArrayList<>();
        labels.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> parts.add(e.getKey() + ": " + name(e.getValue())));
        return String.join(" \u00B7 ", parts);
    }
}
