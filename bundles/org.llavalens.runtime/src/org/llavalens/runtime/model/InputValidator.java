package org.llavalens.runtime.model;

import java.util.Arrays;
import java.util.Optional;

import org.llavalens.runtime.config.ModelConfig;
import org.llavalens.runtime.config.VisionConfig;
import org.llavalens.runtime.trace.ImageSpan;

/**
 * Checks ids and pixel values against the model before any tensor is made, and expands a single
 * {@code <image>} id into one position per image feature (what the HF processor does; ids that are
 * already expanded are accepted as they are). Every failure is one line the user can act on.
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

    PreparedInput prepare(int[] ids, float[] pixels) {
        if (ids == null || ids.length == 0) {
            throw new IllegalArgumentException("the input has no token ids");
        }
        int vocab = config.text().vocabSize();
        int imageId = config.imageTokenIndex();
        int imageTokens = 0;
        for (int i = 0; i < ids.length; i++) {
            int id = ids[i];
            if (config.isLlava() && id == imageId) {
                imageTokens++;
            } else if (id < 0 || id >= vocab) {
                throw new IllegalArgumentException("token id " + id + " at position " + i
                        + " is outside the vocabulary [0, " + vocab + ")");
            }
        }
        if (!config.isLlava()) {
            if (pixels != null) {
                throw new IllegalArgumentException("model_type " + config.modelType()
                        + " is text-only; it cannot take pixel values");
            }
            return new PreparedInput(ids, Optional.empty(), Optional.empty(), Optional.empty());
        }
        if (pixels == null) {
            if (imageTokens > 0) {
                throw new IllegalArgumentException("the input has " + imageTokens + " <image> tokens (id " + imageId
                        + ") but no image");
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
        int features = featuresPerImage();
        int[] expanded = ids;
        if (imageTokens == 1 && features > 1) {
            expanded = expand(ids, imageId, features);
        } else if (imageTokens != features) {
            throw new IllegalArgumentException("the input has " + imageTokens + " <image> tokens (id " + imageId
                    + ") but the image gives " + features + " features: use one <image> token or exactly "
                    + features);
        }
        int start = -1;
        for (int i = 0; i < expanded.length; i++) {
            if (expanded[i] == imageId) {
                start = i;
                break;
            }
        }
        for (int i = start; i < start + features; i++) {
            if (expanded[i] != imageId) {
                throw new IllegalArgumentException("the " + features + " <image> tokens are not consecutive (position "
                        + i + " holds id " + expanded[i] + ")");
            }
        }
        int firstPatch = start + (keepsCls() ? 1 : 0);
        ImageSpan span = new ImageSpan(firstPatch, start + features, vision.gridSide());
        return new PreparedInput(expanded, Optional.of(pixels), Optional.of(span),
                Optional.of(new int[] {start, start + features}));
    }

    private static int[] expand(int[] ids, int imageId, int features) {
        int[] out = new int[ids.length + features - 1];
        int j = 0;
        for (int id : ids) {
            if (id == imageId) {
                Arrays.fill(out, j, j + features, imageId);
                j += features;
            } else {
                out[j++] = id;
            }
        }
        return out;
    }
}
