package org.llavalens.annotation;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.llavalens.annotation.model.Annotation;
import org.llavalens.annotation.model.Case;
import org.llavalens.annotation.model.ReviewState;
import org.llavalens.annotation.model.Sheet;

/** Counts for a progress overview: cases per review state, labelled or not, labels per annotator. */
public record ProjectStatus(int datasets, int cases, int labelled, int unlabelled, Map<ReviewState, Integer> byState,
        Map<String, Integer> labelsByAnnotator, Map<String, Integer> labelsById, int orphanLabels) {

    public static ProjectStatus of(AnnotationProject project) {
        Map<String, Case> cases = project.caseIndex();
        Set<String> labelledIds = new HashSet<>();
        Map<String, Integer> byAnnotator = new TreeMap<>();
        Map<String, Integer> byLabel = new TreeMap<>();
        int orphans = 0;
        for (Sheet s : project.sheets()) {
            for (Annotation a : s.getAnnotations()) {
                if (!cases.containsKey(a.getCaseId())) {
                    orphans++;
                    continue;
                }
                labelledIds.add(a.getCaseId());
                byAnnotator.merge(a.getAnnotator(), 1, Integer::sum);
                byLabel.merge(a.getLabelId(), 1, Integer::sum);
            }
        }
        Map<ReviewState, Integer> byState = new EnumMap<>(ReviewState.class);
        for (ReviewState s : ReviewState.values()) {
            byState.put(s, 0);
        }
        for (Case c : cases.values()) {
            byState.merge(ReviewStates.current(project.reviews(c)), 1, Integer::sum);
        }
        return new ProjectStatus(project.model().getDatasets().size(), cases.size(), labelledIds.size(),
                cases.size() - labelledIds.size(), byState, byAnnotator, byLabel, orphans);
    }

}
