package org.llavalens.ui.session;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.llavalens.attribution.HeadAggregation;
import org.llavalens.attribution.HeadId;

/**
 * The canvas's choice of heads for the log-increase map: top-1, top-k, or the heads selected in
 * the head grid. Unlike {@link HeadAggregation} it exists before any head is selected, and follows
 * the selection as it changes.
 */
public record HeadChoice(HeadAggregation.Kind kind, int k) {

    public static final HeadChoice TOP1 = new HeadChoice(HeadAggregation.Kind.TOP1, 1);
    public static final HeadChoice SELECTED = new HeadChoice(HeadAggregation.Kind.SELECTED, 0);

    public static HeadChoice topK(int k) {
        return new HeadChoice(HeadAggregation.Kind.TOP_K, Math.max(1, k));
    }

    /** The choice an analysis ran with. */
    public static HeadChoice of(HeadAggregation a) {
        return switch (a.kind()) {
            case TOP1 -> TOP1;
            case TOP_K -> topK(a.k());
            case SELECTED -> SELECTED;
        };
    }

    /** The aggregation to compute; empty while "selected heads" has no head selected. */
    public Optional<HeadAggregation> resolve(Collection<HeadId> selected) {
        return switch (kind) {
            case TOP1 -> Optional.of(HeadAggregation.TOP1);
            case TOP_K -> Optional.of(HeadAggregation.topK(k));
            case SELECTED -> selected.isEmpty() ? Optional.empty()
                    : Optional.of(HeadAggregation.selected(List.copyOf(selected)));
        };
    }
}
