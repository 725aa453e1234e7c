package org.llavalens.annotation.agreement;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The ratings laid out as cases x annotators, for reading agreement case by case: every case
 * someone labelled, with each annotator's label (absent when they did not label it) and whether
 * the annotators who labelled it disagree. Cases and annotators are sorted, as in
 * {@link Agreement.Report}.
 */
public record LabelTable(List<String> annotators, List<Row> rows) {

    /** One case: annotator -> label, and whether two or more annotators gave different labels. */
    public record Row(String caseId, Map<String, String> labels, boolean disagreement) {

        /** The label {@code annotator} gave, or null when they did not label the case. */
        public String label(String annotator) {
            return labels.get(annotator);
        }
    }

    public LabelTable {
        annotators = List.copyOf(annotators);
        rows = List.copyOf(rows);
    }

    public static LabelTable of(List<Rating> ratings) {
        Map<String, Map<String, String>> byCase = byCase(ratings);
        TreeSet<String> annotators = new TreeSet<>();
        ratings.forEach(r -> annotators.add(r.annotator()));
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> e : byCase.entrySet()) {
            boolean differ = e.getValue().values().stream().distinct().count() > 1;
            rows.add(new Row(e.getKey(), Map.copyOf(e.getValue()), differ));
        }
        return new LabelTable(List.copyOf(annotators), rows);
    }

    /** case -> annotator -> label, sorted; a second, different label by one annotator for one case is an error. */
    static Map<String, Map<String, String>> byCase(List<Rating> ratings) {
        Map<String, Map<String, String>> byCase = new TreeMap<>();
        for (Rating r : ratings) {
            Map<String, String> m = byCase.computeIfAbsent(r.caseId(), k -> new TreeMap<>());
            String prev = m.put(r.annotator(), r.label());
            if (prev != null && !prev.equals(r.label())) {
                throw new IllegalArgumentException("annotator " + r.annotator() + " gave case " + r.caseId()
                        + " two labels: " + prev + " and " + r.label());
            }
        }
        return byCase;
    }
}
