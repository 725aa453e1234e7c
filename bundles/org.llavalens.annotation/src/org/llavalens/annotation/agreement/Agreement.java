package org.llavalens.annotation.agreement;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Inter-annotator agreement over nominal labels.
 * <ul>
 * <li>Cohen's kappa for each pair of annotators, over the cases both labelled:
 * {@code (p_o - p_e) / (1 - p_e)} with {@code p_e} from each annotator's own label frequencies.</li>
 * <li>Fleiss' kappa over all cases labelled by two or more annotators: {@code P_i = (sum_j n_ij^2 - n_i)
 * / (n_i (n_i - 1))}, {@code P-bar} their mean, {@code p_j} the share of all ratings in label j,
 * {@code P_e = sum_j p_j^2}. With the same number of raters per case this is Fleiss (1971); when the
 * number varies each case is weighted equally in {@code P-bar} and ratings in {@code p_j}.</li>
 * <li>A coincidence table: for every case, every ordered pair of two different annotators' labels
 * (so a 2-annotator table is the symmetrised confusion matrix), and per-label specific agreement
 * {@code 2 n_jj / (row_j + col_j)}.</li>
 * <li>The cases on which annotators disagree.</li>
 * </ul>
 * A kappa is NaN when it is undefined (chance agreement 1: everyone used one label).
 */
public final class Agreement {

    public record PairKappa(String a, String b, int cases, double observed, double expected, double kappa) {
    }

    public record FleissKappa(int cases, int ratings, boolean equalRaters, double pBar, double pExpected,
            double kappa) {
    }

    public record Disagreement(String caseId, Map<String, String> labels) {
    }

    /** Confusion table of one pair (rows: {@code a}'s labels, columns: {@code b}'s). */
    public record PairTable(String a, String b, List<String> labels, long[][] counts) {
    }

    public record Report(List<String> labels, List<String> annotators, List<PairKappa> pairs, FleissKappa fleiss,
            long[][] coincidence, Map<String, Double> specificAgreement, List<PairTable> pairTables,
            List<Disagreement> disagreements, int cases) {
    }

    private Agreement() {
    }

    public static Report compute(List<Rating> ratings) {
        Map<String, Map<String, String>> byCase = LabelTable.byCase(ratings);
        TreeSet<String> labelSet = new TreeSet<>();
        TreeSet<String> annotatorSet = new TreeSet<>();
        for (Rating r : ratings) {
            labelSet.add(r.label());
            annotatorSet.add(r.annotator());
        }
        List<String> labels = List.copyOf(labelSet);
        List<String> annotators = List.copyOf(annotatorSet);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            index.put(labels.get(i), i);
        }

        List<PairKappa> pairs = new ArrayList<>();
        List<PairTable> tables = new ArrayList<>();
        for (int i = 0; i < annotators.size(); i++) {
            for (int j = i + 1; j < annotators.size(); j++) {
                String a = annotators.get(i);
                String b = annotators.get(j);
                long[][] t = new long[labels.size()][labels.size()];
                int n = 0;
                for (Map<String, String> m : byCase.values()) {
                    String la = m.get(a);
                    String lb = m.get(b);
                    if (la != null && lb != null) {
                        t[index.get(la)][index.get(lb)]++;
                        n++;
                    }
                }
                if (n > 0) {
                    pairs.add(cohen(a, b, t, n));
                    tables.add(new PairTable(a, b, labels, t));
                }
            }
        }

        long[][] coincidence = new long[labels.size()][labels.size()];
        List<Disagreement> disagreements = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> e : byCase.entrySet()) {
            List<String> ls = new ArrayList<>(e.getValue().values());
            for (int x = 0; x < ls.size(); x++) {
                for (int y = 0; y < ls.size(); y++) {
                    if (x != y) {
                        coincidence[index.get(ls.get(x))][index.get(ls.get(y))]++;
                    }
                }
            }
            if (ls.size() > 1 && ls.stream().distinct().count() > 1) {
                disagreements.add(new Disagreement(e.getKey(), Map.copyOf(e.getValue())));
            }
        }
        Map<String, Double> specific = new TreeMap<>();
        for (int j = 0; j < labels.size(); j++) {
            long row = 0;
            long col = 0;
            for (int k = 0; k < labels.size(); k++) {
                row += coincidence[j][k];
                col += coincidence[k][j];
            }
            specific.put(labels.get(j), row + col == 0 ? Double.NaN : 2.0 * coincidence[j][j] / (row + col));
        }
        return new Report(labels, annotators, pairs, fleiss(byCase.values(), index), coincidence, specific, tables,
                disagreements, byCase.size());
    }

    static PairKappa cohen(String a, String b, long[][] t, int n) {
        int k = t.length;
        double agree = 0;
        double expected = 0;
        for (int i = 0; i < k; i++) {
            agree += t[i][i];
            double row = 0;
            double col = 0;
            for (int j = 0; j < k; j++) {
                row += t[i][j];
                col += t[j][i];
            }
            expected += (row / n) * (col / n);
        }
        double po = agree / n;
        return new PairKappa(a, b, n, po, expected, kappa(po, expected));
    }

    static FleissKappa fleiss(Iterable<Map<String, String>> cases, Map<String, Integer> index) {
        int k = index.size();
        double[] labelTotals = new double[k];
        double sumP = 0;
        int subjects = 0;
        long ratings = 0;
        int raters = -1;
        boolean equal = true;
        for (Map<String, String> m : cases) {
            int n = m.size();
            if (n < 2) {
                continue;
            }
            if (raters >= 0 && raters != n) {
                equal = false;
            }
            raters = n;
            int[] counts = new int[k];
            for (String l : m.values()) {
                counts[index.get(l)]++;
            }
            double sq = 0;
            for (int j = 0; j < k; j++) {
                sq += (double) counts[j] * counts[j];
                labelTotals[j] += counts[j];
            }
            sumP += (sq - n) / ((double) n * (n - 1));
            subjects++;
            ratings += n;
        }
        if (subjects == 0) {
            return new FleissKappa(0, 0, true, Double.NaN, Double.NaN, Double.NaN);
        }
        double pBar = sumP / subjects;
        double pe = 0;
        for (int j = 0; j < k; j++) {
            double p = labelTotals[j] / ratings;
            pe += p * p;
        }
        return new FleissKappa(subjects, (int) ratings, equal, pBar, pe, kappa(pBar, pe));
    }

    private static double kappa(double observed, double expected) {
        if (expected >= 1.0 - 1e-12) {
            return Double.NaN;
        }
        return (observed - expected) / (1.0 - expected);
    }
}
