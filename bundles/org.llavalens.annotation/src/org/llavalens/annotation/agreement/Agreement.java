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

    /**
     * Up to this many annotators the report holds every pair's confusion table; above, tables are
     * made for the pair asked for ({@link #pairTable}), as a k x k table per pair would not fit.
     */
    public static final int PAIR_TABLES_UP_TO = 50;

    private Agreement() {
    }

    /** The confusion table of one pair (rows: {@code a}'s labels), over the cases both labelled. */
    public static PairTable pairTable(List<Rating> ratings, String a, String b) {
        TreeSet<String> labelSet = new TreeSet<>();
        ratings.forEach(r -> labelSet.add(r.label()));
        List<String> labels = List.copyOf(labelSet);
        long[][] t = new long[labels.size()][labels.size()];
        for (Map<String, String> m : LabelTable.byCase(ratings).values()) {
            String la = m.get(a);
            String lb = m.get(b);
            if (la != null && lb != null) {
                t[labels.indexOf(la)][labels.indexOf(lb)]++;
            }
        }
        return new PairTable(a, b, labels, t);
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

        // pairs from the cases each pair labelled together: the sum over cases of (raters per case)^2,
        // not pairs x cases (2,000 annotators are two million pairs, most of which never met)
        Map<String, Integer> who = new HashMap<>();
        for (int i = 0; i < annotators.size(); i++) {
            who.put(annotators.get(i), i);
        }
        int k = labels.size();
        boolean withTables = annotators.size() <= PAIR_TABLES_UP_TO;
        TreeMap<Long, long[]> together = new TreeMap<>();
        for (Map<String, String> m : byCase.values()) {
            List<Map.Entry<String, String>> es = new ArrayList<>(m.entrySet());
            for (int x = 0; x < es.size(); x++) {
                for (int y = x + 1; y < es.size(); y++) {
                    long key = (long) who.get(es.get(x).getKey()) * annotators.size() + who.get(es.get(y).getKey());
                    // [n, agreements, a's label counts (k), b's label counts (k), the k x k table if kept]
                    long[] st = together.computeIfAbsent(key, q -> new long[2 + 2 * k + (withTables ? k * k : 0)]);
                    int la = index.get(es.get(x).getValue());
                    int lb = index.get(es.get(y).getValue());
                    st[0]++;
                    st[1] += la == lb ? 1 : 0;
                    st[2 + la]++;
                    st[2 + k + lb]++;
                    if (withTables) {
                        st[2 + 2 * k + la * k + lb]++;
                    }
                }
            }
        }
        List<PairKappa> pairs = new ArrayList<>();
        List<PairTable> tables = new ArrayList<>();
        for (Map.Entry<Long, long[]> e : together.entrySet()) {
            String a = annotators.get((int) (e.getKey() / annotators.size()));
            String b = annotators.get((int) (e.getKey() % annotators.size()));
            long[] st = e.getValue();
            double n = st[0];
            double expected = 0;
            for (int j = 0; j < k; j++) {
                expected += (st[2 + j] / n) * (st[2 + k + j] / n);
            }
            double po = st[1] / n;
            pairs.add(new PairKappa(a, b, (int) st[0], po, expected, kappa(po, expected)));
            if (withTables) {
                long[][] t = new long[k][k];
                for (int r = 0; r < k; r++) {
                    System.arraycopy(st, 2 + 2 * k + r * k, t[r], 0, k);
                }
                tables.add(new PairTable(a, b, labels, t));
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
            for (int q = 0; q < labels.size(); q++) {
                row += coincidence[j][q];
                col += coincidence[q][j];
            }
            specific.put(labels.get(j), row + col == 0 ? Double.NaN : 2.0 * coincidence[j][j] / (row + col));
        }
        return new Report(labels, annotators, pairs, fleiss(byCase.values(), index), coincidence, specific, tables,
                disagreements, byCase.size());
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
