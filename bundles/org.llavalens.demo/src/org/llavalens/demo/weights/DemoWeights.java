package org.llavalens.demo.weights;

import org.llavalens.demo.DemoVocabulary;

/**
 * The parameters of the demo LLaVA and its Vicuna counterpart, under the legacy llava-hf names and
 * the plain LLaMA names respectively. Deterministic: the same arguments give the same floats.
 */
public final class DemoWeights {

    /** Noise level of the non-planted heads and MLPs (the planted mechanism holds up to about 0.5). */
    public static final double DEFAULT_NOISE = 0.5;
    /** How far LLaVA's noise weights move away from Vicuna's. */
    static final double FINETUNE = 0.3;

    private DemoWeights() {
    }

    public static void llava(TensorSink sink, double noise, long seed) {
        new VisionTowerBuilder(noise, seed + 1).build(sink);
        new ProjectorBuilder().build(sink);
        new DecoderBuilder("language_model.model.", "language_model.lm_head.weight", DemoVocabulary.llavaWords(),
                noise, seed + 2, FINETUNE, seed + 3).build(sink);
    }

    public static void vicuna(TensorSink sink, double noise, long seed) {
        new DecoderBuilder("model.", "lm_head.weight", DemoVocabulary.textWords(), noise, seed + 2, 0, seed + 3)
                .build(sink);
    }

    /** lm_head's gain on the color scores (exposed for tests that check the color margin). */
    public static double colorGain() {
        return DecoderBuilder.colorGain();
    }
}
