package org.llavalens.analysis.experiment;

import java.util.Locale;

/**
 * Which of a case's heads are "the most important heads" the paper's §3 reads (method.md §5 asks that
 * the choice be stated): the single top head, or the top k heads (their position scores summed to rank
 * image positions, their readings pooled for the MRRs and averaged for attention).
 */
public enum HeadChoice {
    TOP1("the top-1 head"),
    TOP_K("the top-k heads (position scores summed)");

    private final String description;

    HeadChoice(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static HeadChoice parse(String s) {
        for (HeadChoice c : values()) {
            if (c.id().equals(s.strip().toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        throw new IllegalArgumentException("head choice '" + s + "' is neither top1 nor top-k");
    }
}
