package org.llavalens.runtime.model;

import java.util.Optional;

import org.llavalens.runtime.config.ModelConfig;
import org.llavalens.runtime.config.VisionConfig;
import org.llavalens.runtime.image.CropGeometry;
import org.llavalens.runtime.text.ImageTokens;
import org.llavalens.runtime.trace.ImageSpan;

/**
 * Checks ids and pixel values against the model before any tensor is made; {@link ImageTokens}
 * expands a single {@code <image>} id into one position per image feature (ids already expanded
 * are accepted as they are). Every failure is one line the user can act on.
 */
final class InputValidator {

    private final ModelConfig config;

    InputValidator(ModelConfig config) {
        this.config = config;
    }

    /** Image features the projector produces per image: P, or P + 1 under the "full" strategy. */
    int featuresPerImage() {
        VisionConfig vision = config.vision().orElseThrow();
        return vision.numPatches() + (keepsCls() ? 1 : 0);
    }

    boolean keepsCls() {
        return "full".equals(config.visionFeatureSelectStrategy());
    }

    /**
     * @throws IllegalArgumentException for pixel values that do not fit the model
     * @throws org.llavalens.runtime.text.TokenizerException for ids outside the vocabulary or image tokens
     *         that do not match the image
     */
    PreparedInput prepare(int[] ids, float[] pixels, CropGeometry crop) {
        if (ids == null || ids.length == 0) {
            throw new IllegalArgumentException("the input has no token ids");
        }
        long[] longIds = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            longIds[i] = ids[i];
        }
        int vocab = config.text().vocabSize();
        if (!config.isLlava() || pixels == null) {
            if (pixels != null) {
                throw new IllegalArgumentException("model_type " + config.modelType()
                        + " is text-only; it cannot take pixel values");
            }
            ImageTokens.checkVocabulary(longIds, vocab);
            if (config.isLlava()) {
                long images = java.util.Arrays.stream(ids).filter(id -> id == config.imageTokenIndex()).count();
                if (images > 0) {
                    throw new IllegalArgumentException("the input has " + images + " <image> tokens (id "
                            + config.imageTokenIndex() + ") but no image");
                }
            }
            return new PreparedInput(ids, Optional.empty(), Optional.empty(), Optional.empty());
        }
        VisionConfig vision = config.vision().orElseThrow();
        int expectedPixels = vision.numChannels() * vision.imageSize() * vision.imageSize();
        if (pixels.length != expectedPixels) {
            throw new IllegalArgumentException("pixel_values has " + pixels.length + " values; this model needs "
                    + vision.numChannels() + " x " + vision.imageSize() + " x " + vision.imageSize() + " = "
                    + expectedPixels);
        }
        ImageTokens.Expanded expanded = ImageTokens.expand(longIds, config.imageTokenIndex(), featuresPerImage(), vocab);
        int[] out = new int[expanded.ids().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) expanded.ids()[i];
        }
        ImageSpan span = new ImageSpan(expanded.start(), expanded.end(), vision.gridSide());
        return new PreparedInput(out, Optional.of(pixels), Optional.of(span), Optional.ofNullable(crop));
    }
}
