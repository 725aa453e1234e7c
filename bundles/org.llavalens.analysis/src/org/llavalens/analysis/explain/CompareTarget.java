package org.llavalens.analysis.explain;

/**
 * Which token the three panels of a comparison explain: each model's own answer (the argmax of
 * its own pass), or one shared word, so that the three head maps answer the same question.
 */
public enum CompareTarget {
    OWN("each model's own answer"),
    LLAVA_VISUAL("LLaVA's visual answer"),
    EXPECTED("the case's expected answer");

    private final String label;

    CompareTarget(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
