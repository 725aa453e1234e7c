package org.llavalens.attribution;

import org.llavalens.runtime.model.TraceExport;
import org.llavalens.attribution.projection.TopK;

/**
 * Where one token stands in a model's next-token distribution: its 1-based rank among the logits
 * (ties keep the lower id first, as {@link TopK}) and its softmax probability. Shown next to a
 * head map that explains a token the model did not necessarily predict.
 */
public record TokenStanding(int id, int rank, double probability) {

    public static TokenStanding of(float[] logits, int id) {
        if (id < 0 || id >= logits.length) {
            throw new IllegalArgumentException("token id " + id + " is outside the vocabulary [0, " + logits.length + ")");
        }
        return new TokenStanding(id, TopK.rank(logits, id), Math.exp(logits[id] - TraceExport.logSumExp(logits)));
    }
}
