package org.llavalens.analysis.explain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.llavalens.attribution.HeadId;
import org.llavalens.attribution.HeadScores;
import org.llavalens.attribution.report.TargetHeads;

/**
 * Head maps of one question asked three ways (Vicuna with the scene as text, LLaVA with the scene
 * as text, LLaVA with the image), each the raw scores for the token the {@link CompareTarget}
 * names, and the overlap of their top-10 heads (the paper finds 8 of 10 shared between Vicuna and
 * LLaVA).
 *
 * @param name a case id, or what a mean over cases covers
 */
public record Comparison(String name, CompareTarget target, List<Panel> panels, int overlapTextText,
        int overlapVicunaVisual, int overlapTextVisual) {

    public Comparison {
        panels = List.copyOf(panels);
    }

    /**
     * One way of asking: its name, the model's own answer token, the head scores of the explained
     * token, the top-10 heads, and the explained token (its id in that model's vocabulary) with its
     * rank (1 = the model's answer) and probability there. Over a dataset the id is -1 (it varies by
     * case) and rank and probability are means over the cases.
     */
    public record Panel(String name, String answer, HeadScores headScores, List<HeadId> top10, String explained,
            int explainedId, double explainedRank, double explainedProbability) {
    }

    public static Comparison of(String name, CompareTarget target, List<Panel> panels) {
        if (panels.size() != 3) {
            throw new IllegalArgumentException("a comparison has three panels, not " + panels.size());
        }
        return new Comparison(name, target, panels, overlap(panels.get(0), panels.get(1)),
                overlap(panels.get(0), panels.get(2)), overlap(panels.get(1), panels.get(2)));
    }

    private static int overlap(Panel a, Panel b) {
        return TargetHeads.overlap(a.top10(), b.top10());
    }

    /**
     * The comparison aggregated over cases: each way's head scores averaged over the cases (the
     * paper's figure is such an average), its top 10 taken from the average; the explained token's
     * rank and probability averaged too.
     */
    public static Comparison mean(String name, List<Comparison> each) {
        if (each.isEmpty()) {
            throw new IllegalArgumentException("no cases to compare");
        }
        CompareTarget target = each.get(0).target();
        List<Panel> panels = new ArrayList<>();
        String mean = String.format(Locale.ROOT, "mean of %d cases", each.size());
        for (int i = 0; i < 3; i++) {
            int way = i;
            List<Panel> ways = each.stream().map(r -> r.panels().get(way)).toList();
            HeadScores scores = HeadScores.mean(ways.stream().map(Panel::headScores).toList());
            panels.add(new Panel(ways.get(0).name(), mean, scores, scores.top(10), target.label() + " of each case", -1,
                    ways.stream().mapToDouble(Panel::explainedRank).average().orElseThrow(),
                    ways.stream().mapToDouble(Panel::explainedProbability).average().orElseThrow()));
        }
        return of(name, target, panels);
    }
}
