package org.llavalens.annotation.pope;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.llavalens.annotation.AnnotationProject;
import org.llavalens.annotation.model.Case;
import org.llavalens.annotation.model.Dataset;

/**
 * POPE's metrics per split (one dataset per POPE question file), as its {@code evaluate.py} defines
 * them: an answer is "no" when its first sentence, commas removed, has the word {@code No}, {@code no}
 * or {@code not}, else "yes"; "yes" is the positive class; accuracy = (TP + TN) / all, precision =
 * TP / (TP + FP), recall = TP / (TP + FN), F1 their harmonic mean, yes-ratio = the share of "yes"
 * answers. A metric whose denominator is zero is NaN (evaluate.py would stop on it). Cases the model has
 * not answered yet, or whose expected answer is not yes/no, are counted apart and left out.
 */
public record PopeMetrics(List<Split> splits) {

    public record Split(String dataset, int questions, int answered, int tp, int fp, int tn, int fn) {

        public double accuracy() {
            return ratio(tp + tn, tp + tn + fp + fn);
        }

        public double precision() {
            return ratio(tp, tp + fp);
        }

        public double recall() {
            return ratio(tp, tp + fn);
        }

        public double f1() {
            double p = precision();
            double r = recall();
            return 2 * p * r / (p + r);
        }

        public double yesRatio() {
            return ratio(tp + fp, answered);
        }

        private static double ratio(int a, int b) {
            return b == 0 ? Double.NaN : (double) a / b;
        }
    }

    private static final Set<String> NO_WORDS = Set.of("No", "no", "not");

    public PopeMetrics {
        splits = List.copyOf(splits);
    }

    /** POPE's reading of a free-text answer: true for "yes". */
    public static boolean saysYes(String answer) {
        String text = answer;
        int dot = text.indexOf('.');
        if (dot >= 0) {
            text = text.substring(0, dot);
        }
        for (String word : text.replace(",", "").split(" ")) {
            if (NO_WORDS.contains(word)) {
                return false;
            }
        }
        return true;
    }

    public static PopeMetrics of(AnnotationProject project) {
        List<Split> splits = new ArrayList<>();
        for (Dataset d : project.model().getDatasets()) {
            int answered = 0;
            int tp = 0;
            int fp = 0;
            int tn = 0;
            int fn = 0;
            for (Case c : d.getCases()) {
                String label = c.getExpectedAnswer() == null ? "" : c.getExpectedAnswer().strip().toLowerCase(Locale.ROOT);
                if (c.getModelAnswer() == null || !(label.equals("yes") || label.equals("no"))) {
                    continue;
                }
                answered++;
                boolean yes = saysYes(c.getModelAnswer());
                boolean positive = label.equals("yes");
                if (yes && positive) {
                    tp++;
                } else if (yes) {
                    fp++;
                } else if (positive) {
                    fn++;
                } else {
                    tn++;
                }
            }
            splits.add(new Split(d.getId(), d.getCases().size(), answered, tp, fp, tn, fn));
        }
        return new PopeMetrics(splits);
    }
}
