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

    /**
     * The index into the tower's hidden states [0 .. L] (0 = after pre_layrnorm) of a
     * {@code vision_feature_layer}, which counts from the end when negative.
     *
     * @throws IllegalArgumentException if it names no hidden state
     */
    public int hiddenStateIndex(int visionFeatureLayer) {
        int hiddenStates = numLayers + 1;
        int index = visionFeatureLayer < 0 ? hiddenStates + visionFeatureLayer : visionFeatureLayer;
        if (index < 0 || index >= hiddenStates) {
            throw new IllegalArgumentException("vision_feature_layer " + visionFeatureLayer + " is outside the "
                    + hiddenStates + " hidden states of a " + numLayers + "-layer vision tower");
        }
        return index;
    }
}
