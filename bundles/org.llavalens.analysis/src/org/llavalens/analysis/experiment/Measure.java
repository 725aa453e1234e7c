package org.llavalens.analysis.experiment;

import java.util.Locale;

/**
 * Every per-case quantity of the color experiment, with what it means and the value the paper reports
 * (method.md §5; NaN where the paper gives none). Prefixes: {@code TQA_} Vicuna text QA, {@code LTQA_}
 * LLaVA text QA, {@code VQA_} LLaVA visual QA, {@code EMBED_} evidence (e) in embedding space. "Heads"
 * are the case's most important heads as the run's {@link HeadChoice} says; in text QA they are those of
 * S0, read again in S1 and S2; "positions" are the visual QA's top image positions.
 */
public enum Measure {
    TQA_CORRECT("Vicuna S0: [C] is the most likely next token", Double.NaN),
    TQA_COLOR_SHARE("Vicuna S0: share of the heads' positive position scores on the colour position", 0.9982),
    TQA_VALUE_MRR_COLOR("Vicuna S0: MRR of [C] in the heads' value outputs c_j at the colour position", 0.463),
    TQA_VALUE_MRR_RANDOM_COLOR("Vicuna S0: MRR of a random colour in the same vectors", 0.002),
    TQA_VALUE_LOGIT_DIFF("Vicuna S0: Eq. 7 log p([C]) - log p(random colour) on the same vectors, mean", 2.56),
    TQA_S0_INPUT_MRR_ANIMAL("Vicuna S0: MRR of [A] in the layer inputs x^(l-1) at the colour position", 0.756),
    TQA_S0_INPUT_MRR_OTHER("Vicuna S0: MRR of [A1] in the same vectors", 0.001),
    TQA_S0_INPUT_LOGIT_DIFF("Vicuna S0: Eq. 7 log p([A]) - log p([A1]) on the same vectors, mean", 0.32),
    TQA_S1_INPUT_MRR_ANIMAL("Vicuna S1 (context names [A1]): MRR of [A] in the layer inputs at the colour position",
            0.002),
    TQA_S1_INPUT_MRR_OTHER("Vicuna S1: MRR of [A1] in the same vectors", 0.715),
    TQA_S1_INPUT_LOGIT_DIFF("Vicuna S1: Eq. 7 log p([A1]) - log p([A]) on the same vectors, mean", 1.70),
    TQA_S0_ATTENTION("Vicuna S0: attention of the last position to the colour position, mean over the heads", 0.768),
    TQA_S1_ATTENTION("Vicuna S1: the same", 0.268),
    TQA_S2_ATTENTION("Vicuna S2 (question asks about [A1]): the same", 0.279),
    LTQA_CORRECT("LLaVA text QA S0: [C] is the most likely next token", Double.NaN),
    VQA_CORRECT("LLaVA visual QA: [C] is the most likely next token", Double.NaN),
    VQA_VALUE_MRR_COLOR("LLaVA VQA: MRR of [C] in the heads' value outputs c_j at the top positions", 0.719),
    VQA_VALUE_MRR_RANDOM_COLOR("LLaVA VQA: MRR of a random colour in the same vectors", 0.017),
    VQA_VALUE_LOGIT_DIFF("LLaVA VQA: Eq. 7 log p([C]) - log p(random colour) on the same vectors, mean", 0.09),
    VQA_INPUT_MRR_ANIMAL("LLaVA VQA: MRR of [A] in the layer inputs x^(l-1) at the top positions", 0.318),
    VQA_INPUT_MRR_OTHER("LLaVA VQA: MRR of [A1] in the same vectors", 0.0004),
    VQA_INPUT_LOGIT_DIFF("LLaVA VQA: Eq. 7 log p([A]) - log p([A1]) on the same vectors, mean", 1.53),
    VQA_ATTENTION_TOP("LLaVA VQA: attention of the last position summed over the top positions, mean over the heads",
            0.807),
    VQA_ATTENTION_TOP_SWAPPED("LLaVA VQA, question's animal swapped for [A1]: the same positions and heads", 0.564),
    EMBED_MRR_COLOR("evidence (e): MRR of [C] in embedding space (E v_j, dot) over the top positions", 0.455),
    EMBED_MRR_RANDOM_COLOR("evidence (e): MRR of a random colour, same vectors", 0.013),
    EMBED_MRR_ANIMAL("evidence (e): MRR of [A], same vectors", 0.076),
    EMBED_MRR_RANDOM_ANIMAL("evidence (e): MRR of a random animal, same vectors", 0.0003),
    EMBED_RANDOM_POSITIONS_MRR_COLOR("evidence (e): MRR of [C] at random image positions", 0.003),
    EMBED_RANDOM_POSITIONS_MRR_ANIMAL("evidence (e): MRR of [A] at random image positions", 0.004);

    private final String meaning;
    private final double paper;

    Measure(String meaning, double paper) {
        this.meaning = meaning;
        this.paper = paper;
    }

    public String meaning() {
        return meaning;
    }

    /** The paper's value, NaN when it reports none. */
    public double paper() {
        return paper;
    }

    /** The column name in cases.csv and figures.csv. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
