package org.llavalens.runtime.compute;

import java.util.Locale;

/**
 * The precision of the forward pass's matrix products. FP32 is the fidelity contract (it matches
 * Hugging Face to fp32 rounding). FP16 keeps the projection weights of the decoder, vision tower and
 * projector resident in half precision and multiplies in half precision, the way a GPU runs a 7B
 * model in 14 GB; norms, softmax, residual sums, the unembedding and everything the attribution
 * scores stay in fp32.
 */
public enum Precision {
    FP32, FP16;

    /** @throws IllegalArgumentException with a one-line reason for anything but fp32 or fp16 */
    public static Precision parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "fp32" -> FP32;
            case "fp16" -> FP16;
            default -> throw new IllegalArgumentException("precision '" + text + "' is not fp32 or fp16");
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
