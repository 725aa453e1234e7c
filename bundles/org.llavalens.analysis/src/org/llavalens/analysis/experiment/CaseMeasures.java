package org.llavalens.analysis.experiment;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything the colour experiment measures on one case, by name (the CSV columns), and the three raw
 * head-score maps it compares. Names start with the setting: {@code tqa_} Vicuna text QA, {@code ltqa_}
 * LLaVA text QA, {@code vqa_} LLaVA visual QA.
 *
 * @param vicunaTqa [L][H] head scores of the colour token in Vicuna text QA (S0)
 * @param llavaTqa  [L][H] the same prompt in LLaVA without an image
 * @param llavaVqa  [L][H] LLaVA with the image
 */
public record CaseMeasures(String caseId, Map<String, Double> values, double[][] vicunaTqa, double[][] llavaTqa,
        double[][] llavaVqa, double seconds) {

    public CaseMeasures {
        values = new LinkedHashMap<>(values);
    }

    public double get(String name) {
        Double v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no measure '" + name + "'");
        }
        return v;
    }
}
