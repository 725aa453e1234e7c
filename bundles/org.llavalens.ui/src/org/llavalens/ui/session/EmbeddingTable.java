package org.llavalens.ui.session;

import java.util.List;

import org.llavalens.attribution.projection.EmbeddingProjection;
import org.llavalens.attribution.result.AttributionRecord;
import org.llavalens.attribution.result.TokenRow;

/**
 * The embedding-space table of every patch of one result's visual embeddings, by a similarity the
 * analysis did not use (the analysis keeps the dot product its record was saved with).
 */
public record EmbeddingTable(AttributionRecord record, EmbeddingProjection.Similarity similarity, List<TokenRow> rows) {
}
