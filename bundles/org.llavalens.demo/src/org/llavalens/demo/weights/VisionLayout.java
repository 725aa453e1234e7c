package org.llavalens.demo.weights;

/**
 * The 32 dimensions of the demo's vision stream. Every feature is written twice, +f and -f in a pair
 * of dimensions, so that LayerNorm's mean is exactly zero and LayerNorm reduces to a division by the
 * nearly constant RMS that the +-100 constant pair dominates.
 */
public final class VisionLayout {

    public static final int CONST_POS = 0;
    public static final int CONST_NEG = 1;
    public static final double CONST = 100;

    /** Raw matched-filter scores of the three species (features 0..2). */
    public static final int SPECIES_RAW = 0;
    /** Mean of the patch's CLIP-normalised r, g, b (features 3..5). */
    public static final int RGB = 3;
    /** 1 on the sink patch (feature 6). */
    public static final int SINK = 6;
    /** Species flags after layer 0's step MLP (features 7..9). */
    public static final int SPECIES_CLEAN = 7;
    public static final int FEATURES = 10;
    /** First of the paired noise dimensions written by layer 0's attention. */
    public static final int NOISE = 2 + 2 * FEATURES;

    private VisionLayout() {
    }

    /** The dimension that holds +f of feature i. */
    public static int plus(int feature) {
        return 2 + 2 * feature;
    }

    /** The dimension that holds -f of feature i. */
    public static int minus(int feature) {
        return 3 + 2 * feature;
    }
}
