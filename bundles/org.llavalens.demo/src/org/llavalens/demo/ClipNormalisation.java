package org.llavalens.demo;

/** CLIP's pixel normalisation, as preprocessor_config.json declares it for LLaVA-1.5. */
public final class ClipNormalisation {

    public static final double[] MEAN = { 0.48145466, 0.4578275, 0.40821073 };
    public static final double[] STD = { 0.26862954, 0.26130258, 0.27577711 };
    /** 1/255 exactly as Hugging Face writes it. */
    public static final double RESCALE = 0.00392156862745098;

    private ClipNormalisation() {
    }

    /** An 8-bit channel value in normalised units (rescale, then (x - mean) / std). */
    public static double normalise(double value, int channel) {
        return (value * RESCALE - MEAN[channel]) / STD[channel];
    }
}
