package org.llavalens.attribution.result;

import org.llavalens.runtime.image.CropGeometry;

/**
 * What a result explains and with which weights: enough to tell, months later, whether two
 * results are comparable and to rerun the case.
 *
 * @param imageHash  sha-256 of the image file's bytes, or null for text-only inputs
 * @param crop       how the model's crop sits in the original image (pad, resize, crop), or null
 * @param imageSpan  [start, end) of the image positions in {@code inputIds}, or null
 */
public record Provenance(String modelId, String weightsHash, String dtype, String prompt, int[] inputIds,
        String imageHash, CropGeometry crop, int[] imageSpan, int gridSide) {

    /** The crop in the original image, or null for a text-only input. */
    public CropBox cropBox() {
        return crop == null ? null : CropBox.of(crop);
    }
}
