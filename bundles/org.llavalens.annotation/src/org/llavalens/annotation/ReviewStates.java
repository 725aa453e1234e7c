package org.llavalens.annotation;

import java.util.Comparator;
import java.util.Date;
import java.util.List;

import org.llavalens.annotation.model.ReviewEntry;
import org.llavalens.annotation.model.ReviewState;

/**
 * A case's review state is the state set by its latest review entry, NEW when nobody has reviewed
 * it. Entries live in each reviewer's own sheet, so two reviewers never overwrite each other; the
 * history of decisions is kept.
 */
public final class ReviewStates {

    /** Oldest first; ties broken by reviewer so every process orders the same way. */
    public static final Comparator<ReviewEntry> CHRONOLOGICAL = Comparator
            .comparing((ReviewEntry e) -> e.getTime() == null ? new Date(0) : e.getTime())
            .thenComparing(e -> e.getReviewer() == null ? "" : e.getReviewer());

    private ReviewStates() {
    }

    public static ReviewState current(List<ReviewEntry> chronological) {
        for (int i = chronological.size() - 1; i >= 0; i--) {
            ReviewState s = chronological.get(i).getState();
            if (s != null) {
                return s;
            }
        }
        return ReviewState.NEW;
    }
}
