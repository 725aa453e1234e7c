package org.llavalens.demo.weights;

import static org.llavalens.demo.DemoArchitecture.HIDDEN;
import static org.llavalens.demo.DemoArchitecture.PROJECTOR_HIDDEN;
import static org.llavalens.demo.DemoArchitecture.VISION_HIDDEN;

/**
 * linear_2(gelu(linear_1(x))): linear_1 copies each used vision feature plus 10 so the exact GELU
 * runs where it is the identity (error below 1e-12 for features within +-3), and linear_2 takes the
 * 10 back off and writes the text constant and the "visual" flag through its bias.
 */
final class ProjectorBuilder {

    private static final double SHIFT = 10;

    /** Vision feature -> text dimension, for every feature the decoder reads. */
    private static final int[][] ROUTES = {
            { VisionLayout.RGB, TextLayout.RGB },
            { VisionLayout.RGB + 1, TextLayout.RGB + 1 },
            { VisionLayout.RGB + 2, TextLayout.RGB + 2 },
            { VisionLayout.SINK, TextLayout.SINK },
            { VisionLayout.SPECIES_CLEAN, TextLayout.SPECIES },
            { VisionLayout.SPECIES_CLEAN + 1, TextLayout.SPECIES + 1 },
            { VisionLayout.SPECIES_CLEAN + 2, TextLayout.SPECIES + 2 } };

    void build(TensorSink sink) {
        Mat w1 = new Mat(PROJECTOR_HIDDEN, VISION_HIDDEN);
        Mat b1 = Mat.vector(PROJECTOR_HIDDEN);
        Mat w2 = new Mat(HIDDEN, PROJECTOR_HIDDEN);
        Mat b2 = Mat.vector(HIDDEN);
        for (int u = 0; u < ROUTES.length; u++) {
            int feature = ROUTES[u][0];
            int dim = ROUTES[u][1];
            w1.set(u, VisionLayout.plus(feature), 0.5);
            w1.set(u, VisionLayout.minus(feature), -0.5);
            b1.set(u, SHIFT);
            w2.set(dim, u, 1);
            b2.set(dim, -SHIFT);
        }
        b2.set(TextLayout.CONST, TextLayout.CT);
        b2.set(TextLayout.VISUAL, 1);
        w1.putMatrix(sink, "multi_modal_projector.linear_1.weight");
        b1.putVector(sink, "multi_modal_projector.linear_1.bias");
        w2.putMatrix(sink, "multi_modal_projector.linear_2.weight");
        b2.putVector(sink, "multi_modal_projector.linear_2.bias");
    }
}
