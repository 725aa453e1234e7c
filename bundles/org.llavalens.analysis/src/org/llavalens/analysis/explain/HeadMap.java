package org.llavalens.analysis.explain;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.llavalens.attribution.AggregatedHeadMap;
import org.llavalens.attribution.HeadAggregation;
import org.llavalens.attribution.HeadId;
import org.llavalens.attribution.ImageMap;

/**
 * The image map of a head choice on one case: the heads the choice picked, each head's scores over
 * every position, and the sum of their image slices (absent for a text-only case).
 */
public record HeadMap(HeadAggregation aggregation, List<HeadId> heads, Map<HeadId, double[]> positions,
        java.util.Optional<ImageMap> image) {

    public HeadMap {
        heads = List.copyOf(heads);
        positions = Collections.unmodifiableMap(new LinkedHashMap<>(positions));
    }

    /** What the map sums, for a legend: e.g. {@code log increase, top-3: 2_5, 1_3, 0_7}. */
    public String label() {
        return AggregatedHeadMap.label(aggregation, heads);
    }
}
