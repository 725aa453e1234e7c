package org.llavalens.analysis.explain;

import java.util.List;
import java.util.Map;

import org.llavalens.attribution.HeadId;
import org.llavalens.attribution.result.TokenRow;

/**
 * Token tables of one image patch: per layer the tokens of x^l_j, of what attention and the MLPs
 * wrote into j, of {@code head}'s value output c^(l,h)_j when a head was given, and the patch's
 * embedding-space tokens. Keys name the table (in display order), rows name the vector.
 *
 * @param head the head whose value output was read, or null
 */
public record PatchTables(int patch, HeadId head, Map<String, List<TokenRow>> tables) {

    public PatchTables {
        tables = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tables));
    }
}
