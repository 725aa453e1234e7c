package org.llavalens.runtime.config;

/** The CLIP vision tower's configuration, after CLIPVisionConfig defaults were applied. */
public record VisionConfig(int hiddenSize, int intermediateSize, int numLayers, int numHeads, int imageSize,
        int patchSize, int numChannels, double layerNormEps, String hiddenAct) {

    /** Patches per side of the grid (24 for 336 / 14). */
    public int gridSide() {
        return imageSize / patchSize;
    }

    public int numPatches() {
        return gridSide() * gridSide();
    }

    public int headDim() {
        return hiddenSize / numHeads;
    }
}
