package org.llavalens.demo.weights;

/** The meaning of the decoder's residual dimensions (hidden 128). */
public final class TextLayout {

    /** Constant Ct at every position; normalised it acts as a bias unit for queries. */
    public static final int CONST = 0;
    public static final double CT = 100;
    /** 1 at image positions and on color words: what the color head's values carry as a bias. */
    public static final int VISUAL = 1;
    /** Species flags of a patch (all three on color words). */
    public static final int SPECIES = 2;
    /** Mean r, g, b of a patch in CLIP units (a color word carries its palette centroid). */
    public static final int RGB = 5;
    public static final int SINK = 8;
    /** Which animal word a token is. */
    public static final int ANIMAL = 9;
    /** The animal the question asks about, written by the mover head. */
    public static final int ASKED = 12;
    /** Nearest-centroid color scores, written by the color head, read by lm_head. */
    public static final int COLOR = 15;
    public static final int BOS = 20;
    /** Where sink heads write: nothing reads it. */
    public static final int SINK_JUNK = 21;
    /** Where the positional head writes: nothing reads it. */
    public static final int POSITION_JUNK = 22;
    /** Dimensions left to noise heads and MLPs. */
    public static final int FREE = 32;

    private TextLayout() {
    }
}
