package org.llavalens.annotation.agreement;

import java.util.ArrayList;
import java.util.List;

import org.llavalens.annotation.AnnotationProject;
import org.llavalens.annotation.model.Annotation;
import org.llavalens.annotation.model.Sheet;

/** The labels of a project as ratings, one per annotator and case. */
public final class ProjectRatings {

    private ProjectRatings() {
    }

    public static List<Rating> of(AnnotationProject project) {
        List<Rating> ratings = new ArrayList<>();
        for (Sheet s : project.sheets()) {
            for (Annotation a : s.getAnnotations()) {
                ratings.add(new Rating(a.getCaseId(), a.getAnnotator(), a.getLabelId()));
            }
        }
        return ratings;
    }
}
