package org.llavalens.analysis.explain;

import java.nio.file.Path;

/**
 * One forward pass to export as the reference fixtures' files: the input as the model reads it (a
 * whole prompt, line breaks included, or its token ids) and the picture (a file, or pixel values as
 * CLIPImageProcessor makes them).
 *
 * @param image       the picture file (LLaVA), or null
 * @param pixelValues float32 [3, S, S] instead of {@code image}, or null
 * @param prompt      the whole prompt, tokenized with the model's tokenizer.json, or null
 * @param inputIds    the token ids instead of {@code prompt} (one image id or an expanded run), or null
 * @param target      the token id whose log-probability is explained, or null for the argmax
 * @param allLogits   also the logits at every position
 */
public record TraceRequest(String model, Path image, float[] pixelValues, String prompt, int[] inputIds,
        boolean padToSquare, Integer target, boolean allLogits) {

    public TraceRequest {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("a request names a model");
        }
        if ((prompt == null) == (inputIds == null)) {
            throw new IllegalArgumentException("a trace is of a prompt or of token ids (one of them)");
        }
        if (image != null && pixelValues != null) {
            throw new IllegalArgumentException("a trace is of a picture file or of pixel values (at most one)");
        }
    }

    /** Whether the input is what a model host takes: a picture file (or none) and a prompt. */
    public boolean fromFiles() {
        return prompt != null && pixelValues == null;
    }
}
