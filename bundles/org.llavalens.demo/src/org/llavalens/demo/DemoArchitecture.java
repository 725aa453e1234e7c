package org.llavalens.demo;

/**
 * Sizes of the demo LLaVA: the real LLaVA-1.5 geometry on the image side (336 px, 14-px patches, 24 x 24
 * = 576 patches, two CLIP layers so that {@code vision_feature_layer = -2} is a real choice) and a
 * narrow decoder.
 */
public final class DemoArchitecture {

    public static final int IMAGE_SIZE = 336;
    public static final int PATCH = 14;
    public static final int GRID = IMAGE_SIZE / PATCH;
    public static final int PATCHES = GRID * GRID;

    public static final int VISION_HIDDEN = 32;
    public static final int VISION_HEADS = 4;
    public static final int VISION_MLP = 64;
    public static final int VISION_LAYERS = 2;
    public static final double VISION_LN_EPS = 1e-5;

    public static final int PROJECTOR_HIDDEN = 128;

    public static final int HIDDEN = 128;
    public static final int LAYERS = 4;
    public static final int HEADS = 8;
    public static final int HEAD_DIM = HIDDEN / HEADS;
    public static final int MLP = 256;
    public static final double RMS_EPS = 1e-5;
    /**
     * Large, so that the planted content heads (rotary pairs 5..7) barely turn over 600 positions;
     * the positional head uses the fastest pairs, which turn at about 1 rad per token whatever theta is.
     */
    public static final double ROPE_THETA = 1e7;
    public static final int MAX_POSITIONS = 4096;

    /** The background patch the sink heads attend to: row 2, column 20. */
    public static final int SINK_PATCH = 2 * GRID + 20;

    private DemoArchitecture() {
    }
}
