package org.llavalens.runtime.trace;

/**
 * Identity and shape of the model behind a trace, recorded with every result so that a label
 * always shows which weights produced its evidence.
 *
 * @param modelId      the folder name or hub id the user gave
 * @param weightsHash  a hash over the weight files (safetensors headers and sizes), stable across runs
 * @param dtype        the stored weight dtype (F32, F16, BF16)
 */
public record TraceModelInfo(String modelId, String weightsHash, String dtype, int numLayers, int numHeads,
        int numKeyValueHeads, int hiddenSize, int headDim, int vocabSize) {
}
