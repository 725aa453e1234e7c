package org.llavalens.analysis.experiment;

import org.llavalens.attribution.HeadScores;
import java.util.EnumMap;
import org.llavalens.attribution.HeadScores;
import java.util.List;
import org.llavalens.attribution.HeadScores;
import java.util.Map;
import org.llavalens.attribution.HeadScores;
import java.util.OptionalDouble;

/**
 * Everything the color experiment measured on one case: the quantities of Figures 3 and 4 and of
 * evidence (e) ({@link Measure}; a case without an image has no visual-QA ones), the prompts it ran
 * with their token ids, and the three raw head-score maps Section 3.4 compares.
 *
 * @param vicunaTqa [L][H] head scores of the color token in Vicuna text QA (S0)
 * @param llavaTqa  [L][H] the same prompt in LLaVA without an image
 * @param llavaVqa  [L][H] LLaVA with the image; null without one
 */
public record CaseMeasures(String caseId, Map<Measure, Double> values, List<EncodedPrompt> prompts,
        HeadScores vicunaTqa, HeadScores llavaTqa, HeadScores llavaVqa, double seconds) {

    /** One prompt as a model received it. */
    public record EncodedPrompt(String model, ColorQaPrompts.Prompt prompt, int[] ids) {
    }

    public CaseMeasures {
        values = values.isEmpty() ? new EnumMap<>(Measure.class) : new EnumMap<>(values);
        prompts = List.copyOf(prompts);
    }

    public OptionalDouble value(Measure m) {
        Double v = values.get(m);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    public double get(Measure m) {
        return value(m).orElseThrow(() -> new IllegalArgumentException(caseId + " has no " + m.id()));
    }
}
