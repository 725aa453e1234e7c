package org.llavalens.analysis.explain;

import java.util.List;
import java.util.Map;

import org.llavalens.attribution.result.TokenRow;

/**
 * Token tables of one sequence position: the logit lens of x^l_j per layer and of what attention
 * and the MLPs wrote into j.
 *
 * @param label how views name the position, e.g. {@code position 579 (text: 'color')}
 */
public record PositionTables(int position, String label, Map<String, List<TokenRow>> tables) {

    public PositionTables {
        tables = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tables));
    }
}
