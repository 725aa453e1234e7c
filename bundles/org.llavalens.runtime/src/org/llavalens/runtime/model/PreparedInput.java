package org.llavalens.runtime.model;

import java.util.Arrays;
import java.util.Optional;

import org.llavalens.runtime.trace.ImageSpan;

/**
 * One validated model input: the expanded ids (one position per image feature), the pixel values
 * the vision tower reads, and where the image patches sit. Made by {@link LlavaRuntime#prepare}.
 *
 * @param imageTokens the positions [start, end) that receive image features (including the CLS
 *                    feature under the "full" strategy, which {@link #imageSpan} leaves out)
 */
public record PreparedInput(int[] ids, Optional<float[]> pixelValues, Optional<ImageSpan> imageSpan,
        Optional<int[]> imageTokens) {

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

    /** A copy with {@code more} ids appended (text continues after the image). */
    PreparedInput append(int... more) {
        int[] longer = Arrays.copyOf(ids, ids.length + more.length);
        System.arraycopy(more, 0, longer, ids.length, more.length);
        return new PreparedInput(longer, pixelValues, imageSpan, imageTokens);
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
