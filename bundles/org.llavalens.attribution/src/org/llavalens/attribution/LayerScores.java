package org.llavalens.attribution;

/**
 * Per-layer log-probability increases: attention S = log p(b | x^l + a^l) - log p(b | x^l) and MLP
 * S = log p(b | r + f^l) - log p(b | r) with r = x^l + a^l (method.md §2).
 */
public record LayerScores(double[] attention, double[] mlp) {

    public LayerScores {
        attention = attention.clone();
        mlp = mlp.clone();
    }

    @Override
    public double[] attention() {
        return attention.clone();
    }

    @Override
    public double[] mlp() {
        return mlp.clone();
    }
}
