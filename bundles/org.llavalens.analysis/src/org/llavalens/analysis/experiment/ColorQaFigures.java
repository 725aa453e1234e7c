package org.llavalens.analysis.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.llavalens.attribution.HeadId;

/**
 * Every quantity the paper reports for §3 beside ours: the per-case measures of Figures 3 and 4 and
 * evidence (e) as means over cases, and Section 3.4's head comparisons (overlaps of the top-k lists,
 * whether the heads not shared are in the other setting's top 20, the range of the top-k importances,
 * head 19_6's importance). One {@link Figure} per row of figures.csv.
 */
public final class ColorQaFigures {

    /** The top list Section 3.4 checks the non-shared heads against. */
    public static final int WIDER_TOP = 20;

    /** The head whose importance the paper follows from text QA to visual QA (6.2% -> 19.4%). */
    public static final HeadId HEAD_19_6 = new HeadId(19, 6);

    /**
     * One quantity: ours beside the paper's.
     *
     * @param paper NaN when the paper gives no value for it
     * @param cases the number of cases ours is computed over
     */
    public record Figure(String name, String meaning, double ours, double paper, int cases) {
    }

    private ColorQaFigures() {
    }

    public static List<Figure> of(ColorQaResult r) {
        List<Figure> out = new ArrayList<>();
        for (Measure m : Measure.values()) {
            out.add(new Figure(m.id(), m.meaning(), r.mean(m), m.paper(), r.count(m)));
        }
        int k = r.topHeadCount();
        List<String> settings = List.copyOf(r.settings());
        for (int i = 0; i < settings.size(); i++) {
            for (int j = i + 1; j < settings.size(); j++) {
                String a = settings.get(i);
                String b = settings.get(j);
                boolean paperPair = !(a.equals(ColorQaResult.VICUNA_TQA) && b.equals(ColorQaResult.LLAVA_VQA));
                int n = Math.min(cases(r, a), cases(r, b));
                out.add(new Figure("s34_overlap_" + a + "_" + b, "§3.4: heads shared by the top-" + k + " lists of "
                        + a + " and " + b, r.overlap(a, b).size(), paperPair ? 8 : Double.NaN, n));
                out.add(new Figure("s34_in_top" + WIDER_TOP + "_" + a + "_" + b, "§3.4: share of " + a + "'s top-" + k
                        + " heads not shared with " + b + " that are in " + b + "'s top " + WIDER_TOP
                        + " (and the other way round)", containment(r, a, b), paperPair ? 1 : Double.NaN, n));
            }
        }
        for (String s : settings) {
            List<HeadId> top = r.top(s);
            double[][] map = r.map(s);
            double max = map[top.get(0).layer()][top.get(0).head()];
            HeadId last = top.get(top.size() - 1);
            double min = map[last.layer()][last.head()];
            out.add(new Figure("s34_top" + k + "_min_" + s, "§3.4: smallest normalised importance in " + s + "'s top " + k
                    + " (the paper's range 3.1%-8.6%; method.md does not name its setting)", min, 0.031, cases(r, s)));
            out.add(new Figure("s34_top" + k + "_max_" + s, "§3.4: largest normalised importance in " + s + "'s top " + k,
                    max, 0.086, cases(r, s)));
            boolean has = map.length > HEAD_19_6.layer() && map[0].length > HEAD_19_6.head();
            double paper = s.equals(ColorQaResult.LLAVA_TQA) ? 0.062 : s.equals(ColorQaResult.LLAVA_VQA) ? 0.194 : Double.NaN;
            out.add(new Figure("s34_head_19_6_" + s, "§3.4: normalised importance of head 19_6 in " + s,
                    has ? map[HEAD_19_6.layer()][HEAD_19_6.head()] : Double.NaN, paper, has ? cases(r, s) : 0));
        }
        return out;
    }

    /** Of both settings' top-k heads the other does not share, the share found in the other's top 20. */
    static double containment(ColorQaResult r, String a, String b) {
        int found = 0;
        int total = 0;
        for (Map<HeadId, Boolean> m : List.of(r.notSharedInTop(a, b, WIDER_TOP), r.notSharedInTop(b, a, WIDER_TOP))) {
            for (boolean in : m.values()) {
                total++;
                found += in ? 1 : 0;
            }
        }
        return total == 0 ? 1 : (double) found / total;
    }

    private static int cases(ColorQaResult r, String setting) {
        return (int) r.cases().stream().filter(c -> switch (setting) {
            case ColorQaResult.LLAVA_VQA -> c.llavaVqa() != null;
            default -> true;
        }).count();
    }
}
