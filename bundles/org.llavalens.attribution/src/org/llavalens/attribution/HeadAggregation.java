package org.llavalens.attribution;

import java.util.ArrayList;
import java.util.List;

/**
 * Which heads' position scores are summed into the image map: the single top head (the seed's
 * tool, default), the sum over the top k (the paper's text), or heads the user names. Written
 * {@code top1}, {@code topK:N} or {@code L_H,L_H,...}.
 */
public record HeadAggregation(Kind kind, int k, List<HeadId> heads) {

    public enum Kind {
        TOP1, TOP_K, SELECTED
    }

    public static final HeadAggregation TOP1 = new HeadAggregation(Kind.TOP1, 1, List.of());

    public HeadAggregation {
        heads = List.copyOf(heads);
        if (kind == Kind.TOP_K && k < 1) {
            throw new IllegalArgumentException("topK needs k >= 1, not " + k);
        }
        if (kind == Kind.SELECTED && heads.isEmpty()) {
            throw new IllegalArgumentException("no heads selected");
        }
    }

    public static HeadAggregation topK(int k) {
        return new HeadAggregation(Kind.TOP_K, k, List.of());
    }

    public static HeadAggregation selected(List<HeadId> heads) {
        return new HeadAggregation(Kind.SELECTED, heads.size(), heads);
    }

    public static HeadAggregation parse(String text) {
        String t = text.trim();
        if (t.equalsIgnoreCase("top1")) {
            return TOP1;
        }
        if (t.regionMatches(true, 0, "topK:", 0, 5)) {
            try {
                return topK(Integer.parseInt(t.substring(5).trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "': topK:N needs a whole number N", e);
            }
        }
        List<HeadId> ids = new ArrayList<>();
        for (String part : t.split(",")) {
            if (!part.isBlank()) {
                ids.add(HeadId.parse(part));
            }
        }
        return selected(ids);
    }

    /** The heads this aggregation uses for the given scores, validated against the model's size. */
    public List<HeadId> select(HeadScores scores) {
        return switch (kind) {
            case TOP1 -> scores.top(1);
            case TOP_K -> scores.top(k);
            case SELECTED -> {
                for (HeadId id : heads) {
                    if (id.layer() >= scores.numLayers() || id.head() >= scores.numHeads()) {
                        throw new IllegalArgumentException("head " + id + " does not exist in a model of "
                                + scores.numLayers() + " layers x " + scores.numHeads() + " heads");
                    }
                }
                yield heads;
            }
        };
    }

    @Override
    public String toString() {
        return switch (kind) {
            case TOP1 -> "top1";
            case TOP_K -> "topK:" + k;
            case SELECTED -> String.join(",", heads.stream().map(HeadId::toString).toList());
        };
    }
}
