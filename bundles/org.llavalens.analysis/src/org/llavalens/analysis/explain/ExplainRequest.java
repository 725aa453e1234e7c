package org.llavalens.analysis.explain;

import org.llavalens.analysis.AnalyzerSettings;

/**
 * What to explain: which model, which question, how.
 *
 * @param model a {@link ModelInfo#id()} of the service
 */
public record ExplainRequest(String model, CaseQuestion question, AnalyzerSettings settings) {

    public ExplainRequest {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("a request names a model");
        }
        java.util.Objects.requireNonNull(question, "question");
        java.util.Objects.requireNonNull(settings, "settings");
    }
}
