package org.llavalens.analysis.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.llavalens.attribution.HeadId;
import org.llavalens.attribution.HeadScores;

/**
 * The color experiment over all its cases: the mean of every measure, and per setting Section 3.4's
 * "normalized importance" map — <b>Decision</b> (method.md §5): each head's S divided by the sum of the
 * positive S over all heads of that case, then averaged over cases — its top heads, the overlap of the
 * top heads between settings and whether the heads not shared are in the other setting's top 20.
 */
public final class ColorQaResult {

    public static final String VICUNA_TQA = "vicuna_tqa";
    public static final String LLAVA_TQA = "llava_tqa";
    public static final String LLAVA_VQA = "llava_vqa";

    private final List<CaseMeasures> cases;
    private final List<String> failures;
    private final int topHeads;
    private final Map<String, HeadScores> maps = new LinkedHashMap<>();

    /** How Section 3.4's importance is normalised, as every report states it. */
    public static final String NORMALISATION = "normalised importance: each head's S divided by the sum of the "
            + "positive S over all heads of that case, then averaged over cases";

    private final ColorQaExperiment.Options options;

    public ColorQaResult(List<CaseMeasures> cases, List<String> failures, ColorQaExperiment.Options options) {
        this.options = options;
        int topHeads = options.topHeads();
        this.cases = List.copyOf(cases);
        this.failures = List.copyOf(failures);
        this.topHeads = topHeads;
        put(VICUNA_TQA, cases.stream().map(CaseMeasures::vicunaTqa).toList());
        put(LLAVA_TQA, cases.stream().map(CaseMeasures::llavaTqa).toList());
        put(LLAVA_VQA, cases.stream().map(CaseMeasures::llavaVqa).filter(m -> m != null).toList());
    }

    private void put(String setting, List<HeadScores> raw) {
        if (raw.isEmpty()) {
            return;
        }
        maps.put(setting, HeadScores.mean(raw.stream().map(HeadScores::shares).toList()));
    }

    public List<CaseMeasures> cases() {
        return cases;
    }

    /** One line per case that could not be measured. */
    public List<String> failures() {
        return failures;
    }

    public ColorQaExperiment.Options options() {
        return options;
    }

    public int topHeadCount() {
        return topHeads;
    }

    /** Settings with a head map (LLaVA VQA only when cases had images). */
    public Set<String> settings() {
        return maps.keySet();
    }

    /** The mean normalised head map of a setting, [L][H]. */
    public double[][] map(String setting) {
        return scores(setting).raw();
    }

    /** The mean normalised head map of a setting. */
    public HeadScores scores(String setting) {
        HeadScores m = maps.get(setting);
        if (m == null) {
            throw new IllegalArgumentException("no head map for " + setting);
        }
        return m;
    }

    public List<HeadId> top(String setting) {
        return scores(setting).top(topHeads);
    }

    /** The heads among the top k of both settings, in the first setting's order. */
    public List<HeadId> overlap(String a, String b) {
        Set<HeadId> other = new LinkedHashSet<>(top(b));
        List<HeadId> out = new ArrayList<>();
        for (HeadId h : top(a)) {
            if (other.contains(h)) {
                out.add(h);
            }
        }
        return out;
    }

    /** The first n heads of a setting's mean normalised map (Section 3.4's top-20 for the containment check). */
    public List<HeadId> top(String setting, int n) {
        return scores(setting).top(n);
    }

    /**
     * Section 3.4's check: the heads of a's top-k that are not in b's top-k, each with whether it is
     * among b's top {@code wider} heads.
     */
    public Map<HeadId, Boolean> notSharedInTop(String a, String b, int wider) {
        Set<HeadId> shared = new LinkedHashSet<>(overlap(a, b));
        Set<HeadId> widerB = new LinkedHashSet<>(top(b, wider));
        Map<HeadId, Boolean> out = new LinkedHashMap<>();
        for (HeadId h : top(a)) {
            if (!shared.contains(h)) {
                out.put(h, widerB.contains(h));
            }
        }
        return out;
    }

    /** Mean of a measure over the cases that have it (NaN when none do). */
    public double mean(Measure measure) {
        double s = 0;
        int n = 0;
        for (CaseMeasures c : cases) {
            Double v = c.values().get(measure);
            if (v != null) {
                s += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }

    public int count(Measure measure) {
        return (int) cases.stream().filter(c -> c.values().containsKey(measure)).count();
    }

    public double meanSecondsPerCase() {
        return cases.stream().mapToDouble(CaseMeasures::seconds).average().orElse(Double.NaN);
    }
}
