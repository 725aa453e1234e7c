package org.llavalens.attribution.result;

/**
 * Where the model's square crop sits in the user's image (method.md §1): the image was resized to
 * resizedWidth x resizedHeight and the crop of side {@code size} taken at (left, top). Strips outside
 * the crop were not seen by the model, so the heatmap is drawn on the crop only. {@code mode} is
 * {@code crop} (Hugging Face default) or {@code pad} (original LLaVA's pad-to-square).
 */
public record CropGeometry(int originalWidth, int originalHeight, int resizedWidth, int resizedHeight, int left,
        int top, int size, String mode) {

    /** An image already at the crop size (the fixtures' case). */
    public static CropGeometry identity(int size) {
        return new CropGeometry(size, size, size, size, 0, 0, size, "crop");
    }
}
