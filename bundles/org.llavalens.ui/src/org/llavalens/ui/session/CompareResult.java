package org.llavalens.ui.session;

import java.util.List;

import org.llavalens.attribution.HeadId;

/**
 * Head maps of one question asked three ways (Vicuna with the scene as text, LLaVA with the scene
 * as text, LLaVA with the image), each [L][H] raw scores, and the overlap of their top-10 heads
 * (the paper finds 8 of 10 shared between Vicuna and LLaVA).
 */
public record CompareResult(String caseId, List<Panel> panels, int overlapTextText, int overlapVicunaVisual,
        int overlapTextVisual) {

    /** One way of asking: its name, the answer token, the head scores and the top-10 heads. */
    public record Panel(String name, String answer, double[][] headScores, List<HeadId> top10) {
    }
}
