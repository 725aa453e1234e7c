package org.llavalens.ui.session;

import java.util.List;

import org.llavalens.attribution.HeadId;

/**
 * Head maps of one question asked three ways (Vicuna with the scene as text, LLaVA with the scene
 * as text, LLaVA with the image), each [L][H] raw scores for the token the {@link CompareTarget}
 * names, and the overlap of their top-10 heads (the paper finds 8 of 10 shared between Vicuna and
 * LLaVA).
 */
public record CompareResult(String caseId, CompareTarget target, List<Panel> panels, int overlapTextText,
        int overlapVicunaVisual, int overlapTextVisual) {

    /**
     * One way of asking: its name, the model's own answer token, the head scores of the explained
     * token, the top-10 heads, and the explained token (its id in that model's vocabulary) with its
     * rank (1 = the model's answer) and probability there. Over a dataset the id is -1 (it varies by
     * case) and rank and probability are means over the cases.
     */
    public record Panel(String name, String answer, double[][] headScores, List<HeadId> top10, String explained,
            int explainedId, double explainedRank, double explainedProbability) {
    }
}
