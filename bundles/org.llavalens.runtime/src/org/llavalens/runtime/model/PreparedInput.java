package org.llavalens.runtime.model;

import java.util.Arrays;
import java.util.Optional;

import org.llavalens.runtime.image.CropGeometry;
import org.llavalens.runtime.trace.ImageSpan;

/**
 * One validated model input: the expanded ids (one position per image feature), the pixel values
 * the vision tower reads, and where the image patches sit. Made by {@link LlavaRuntime#prepare}.
 *
 * @param imageSpan   the positions that receive image features (with the CLS feature first under the
 *                    "full" strategy)
 * @param crop        how the pixel values relate to the user's image, when they were made from one
 */
public record PreparedInput(int[] ids, Optional<float[]> pixelValues, Optional<ImageSpan> imageSpan,
        Optional<CropGeometry> crop) {

    public PreparedInput {
        ids = ids.clone();
        pixelValues = pixelValues.map(float[]::clone);
    }

    @Override
    public int[] ids() {
        return ids.clone();
    }

    @Override
    public Optional<float[]> pixelValues() {
        return pixelValues.map(float[]::clone);
    }

    int length() {
        return ids.length;
    }

    int id(int position) {
        return ids[position];
    }

    float[] pixelsUnsafe() {
        return pixelValues.orElse(null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PreparedInput p && Arrays.equals(p.ids, ids)
                && Arrays.equals(p.pixelValues.orElse(null), pixelValues.orElse(null))
                && p.imageSpan.equals(imageSpan);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ids) * 31 + imageSpan.hashCode();
    }

    @Override
    public String toString() {
        return "PreparedInput[" + ids.length + " ids, image " + imageSpan.map(Object::toString).orElse("none") + "]";
    }
}
