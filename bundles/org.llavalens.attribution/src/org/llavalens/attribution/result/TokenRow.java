package org.llavalens.attribution.result;

/**
 * One line of a token table: which vector was read ({@code x^3_T}, {@code o^(22,27)},
 * {@code patch 5}), the rank, the token and its score (logit or dot product).
 */
public record TokenRow(String vector, int rank, int id, String text, double score) {
}
