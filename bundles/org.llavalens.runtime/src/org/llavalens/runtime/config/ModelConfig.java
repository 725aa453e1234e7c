package org.llavalens.runtime.config;

import java.util.Optional;

/**
 * A model folder's config.json: {@code model_type} llava (text + vision + projector) or llama
 * (text only, e.g. Vicuna).
 *
 * @param visionFeatureLayer          index into the vision hidden states (negative counts from the end)
 * @param visionFeatureSelectStrategy "default" (drop CLS) or "full"
 * @param projectorHiddenAct          the projector's activation ("gelu" = exact erf)
 * @param imageTokenIndex             the id of {@code <image>}
 *
 * <p>For llama models the vision fields carry no meaning: {@code vision} is empty and
 * {@code imageTokenIndex} is -1.
 */
public record ModelConfig(String modelType, TextConfig text, Optional<VisionConfig> vision, int visionFeatureLayer,
        String visionFeatureSelectStrategy, String projectorHiddenAct, int imageTokenIndex) {

    public boolean isLlava() {
        return vision.isPresent();
    }
}
