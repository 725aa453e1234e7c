package org.llavalens.ui.jobs;

import org.llavalens.annotation.AnnotationProject;
import org.llavalens.annotation.CaseSnapshot;
import org.llavalens.annotation.model.Case;

/** What a comparison reads of a case, copied in the project's realm: the case and its expected answer. */
public record ComparedCase(CaseSnapshot snapshot, String expectedAnswer) {

    /** Copies {@code c}; call it in the project's realm. */
    public static ComparedCase of(Case c) {
        return new ComparedCase(CaseSnapshot.of(c), c.getExpectedAnswer());
    }

    /** Copies {@code c} in {@code project}'s realm, from any thread. */
    public static ComparedCase of(AnnotationProject project, Case c) {
        return project.realm().call(() -> of(c));
    }
}
