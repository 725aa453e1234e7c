package org.llavalens.analysis.explain;

import java.util.List;

import org.llavalens.attribution.Similarity;
import org.llavalens.attribution.result.TokenRow;

/** The embedding-space table of every patch's visual embedding, by one similarity. */
public record EmbeddingTable(Similarity similarity, List<TokenRow> rows) {

    public EmbeddingTable {
        rows = List.copyOf(rows);
    }
}
