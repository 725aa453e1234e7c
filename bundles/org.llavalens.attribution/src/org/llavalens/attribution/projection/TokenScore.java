package org.llavalens.attribution.projection;

/** One entry of a token table: a token id and its score (logit, dot product or cosine). */
public record TokenScore(int id, double score) {
}
