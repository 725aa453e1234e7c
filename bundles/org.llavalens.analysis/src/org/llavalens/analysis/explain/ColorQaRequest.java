package org.llavalens.analysis.explain;

import java.util.Objects;

import org.llavalens.analysis.experiment.ColorQaCase;
import org.llavalens.analysis.experiment.ColorQaExperiment;

/**
 * One case of the paper's color experiment (§3) to measure: asked of a LLaVA model and of its
 * text-only counterpart (Vicuna), both named by the service's model ids.
 */
public record ColorQaRequest(String llava, String vicuna, ColorQaCase theCase, ColorQaExperiment.Options options) {

    public ColorQaRequest {
        if (llava == null || llava.isBlank() || vicuna == null || vicuna.isBlank()) {
            throw new IllegalArgumentException("a color-QA request names a LLaVA and a Vicuna model");
        }
        Objects.requireNonNull(theCase, "theCase");
        Objects.requireNonNull(options, "options");
    }
}
