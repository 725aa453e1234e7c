package org.llavalens.runtime.config;

/**
 * The LLaMA decoder's configuration, after Hugging Face LlamaConfig defaults were applied to what
 * the file lists.
 */
public record TextConfig(int hiddenSize, int intermediateSize, int numLayers, int numHeads, int numKeyValueHeads,
        int headDim, double rmsNormEps, double ropeTheta, int vocabSize, int maxPositionEmbeddings,
        int bosTokenId, int eosTokenId, boolean tieWordEmbeddings) {
}
