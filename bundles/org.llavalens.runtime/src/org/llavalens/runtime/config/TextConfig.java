package org.llavalens.runtime.config;

/**
 * The LLaMA decoder's configuration, after Hugging Face LlamaConfig defaults were applied to what
 * the file lists.
 */
public record TextConfig(int hiddenSize, int intermediateSize, int numLayers, int numHeads, int numKeyValueHeads,
        int headDim, double rmsNormEps, double ropeTheta, int vocabSize, int maxPositionEmbeddings,
        int bosTokenId, int eosTokenId, boolean tieWordEmbeddings) {

    /**
     * How many query heads share one key/value head (grouped-query attention; 1 without grouping).
     *
     * @throws IllegalArgumentException if the heads do not divide into groups
     */
    public int queriesPerKeyValueHead() {
        if (numHeads % numKeyValueHeads != 0) {
            throw new IllegalArgumentException("num_attention_heads " + numHeads
                    + " is not a multiple of num_key_value_heads " + numKeyValueHeads);
        }
        return numHeads / numKeyValueHeads;
    }
}
