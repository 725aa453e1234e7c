package org.llavalens.attribution;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.llavalens.runtime.trace.ImageSpan;

/**
 * The log-increase image map for a head aggregation chosen after the analysis (the workbench's
 * live top-1 / top-k / selected-heads switch): the heads the aggregation picks from the head
 * scores, their position scores from the engine, and the sum of their image slices. Position
 * scores already known (kept in a result, or computed for an earlier choice) are reused, since
 * each head costs one unembedding of the whole sequence.
 *
 * @param positions S^(l,h)_j over every position for each head summed, in the order of {@code heads}
 */
public record AggregatedHeadMap(HeadAggregation aggregation, List<HeadId> heads, Map<HeadId, double[]> positions,
        ImageMap image) {

    /** How many head names a label spells out before it abbreviates. */
    private static final int NAMED = 5;

    public AggregatedHeadMap {
        heads = List.copyOf(heads);
        positions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(positions));
    }

    /**
     * @param known  position scores computed before for this trace and target (may be empty)
     * @throws IllegalArgumentException if the aggregation names a head the model does not have
     */
    public static AggregatedHeadMap compute(LogProbIncrease engine, HeadScores scores, HeadAggregation aggregation,
            ImageSpan span, Map<HeadId, double[]> known, IProgressMonitor monitor) {
        SubMonitor sub = SubMonitor.convert(monitor, "Image map " + aggregation, 1);
        List<HeadId> heads = aggregation.select(scores);
        List<HeadId> missing = heads.stream().filter(h -> !known.containsKey(h)).toList();
        Map<HeadId, double[]> fresh = engine.positionScores(missing, sub.split(1));
        Map<HeadId, double[]> positions = new LinkedHashMap<>();
        for (HeadId h : heads) {
            positions.put(h, known.containsKey(h) ? known.get(h) : fresh.get(h));
        }
        return new AggregatedHeadMap(aggregation, heads, positions,
                ImageMap.aggregate(positions, heads, span, aggregation.toString()));
    }

    /** What the map sums, for a legend: e.g. {@code log increase, top-3: 2_5, 1_3, 0_7}. */
    public String label() {
        return label(aggregation, heads);
    }

    /** The legend of a map of these heads, also for a map computed at analysis time. */
    public static String label(HeadAggregation aggregation, List<HeadId> heads) {
        String rule = switch (aggregation.kind()) {
            case TOP1 -> "top-1";
            case TOP_K -> "top-" + aggregation.k();
            case SELECTED -> heads.size() == 1 ? "selected head" : heads.size() + " selected heads";
        };
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < Math.min(NAMED, heads.size()); i++) {
            names.append(i == 0 ? "" : ", ").append(heads.get(i));
        }
        if (heads.size() > NAMED) {
            names.append(String.format(Locale.ROOT, ", \u2026 (%d more)", heads.size() - NAMED));
        }
        return "log increase, " + rule + ": " + names;
    }
}
