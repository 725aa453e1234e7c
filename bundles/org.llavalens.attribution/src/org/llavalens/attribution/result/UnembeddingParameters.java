package org.llavalens.attribution.result;

import org.llavalens.attribution.FrozenNormUnembedding;

/**
 * How vectors were read as tokens: the final RMSNorm frozen at the last position's mean square
 * (method.md §2), with its epsilon.
 */
public record UnembeddingParameters(double meanSquare, double eps) {

    public static UnembeddingParameters of(FrozenNormUnembedding unembedding) {
        return new UnembeddingParameters(unembedding.meanSquare(), unembedding.eps());
    }
}
