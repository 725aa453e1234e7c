package org.llavalens.demo;

/**
 * The palette animals are painted in. Every channel stays within [45, 210] so that color jitter
 * (+-10) plus the texture (+-30) never clips at 0 or 255: clipping would move a patch's mean color
 * and leak the texture into the channel means.
 */
public enum Color {
    BROWN("brown", 125, 75, 45),
    WHITE("white", 210, 210, 210),
    BLACK("black", 45, 45, 45),
    ORANGE("orange", 210, 130, 45),
    GRAY("gray", 128, 128, 128);

    private final String word;
    private final int[] rgb;

    Color(String word, int r, int g, int b) {
        this.word = word;
        this.rgb = new int[] { r, g, b };
    }

    public String word() {
        return word;
    }

    public int[] rgb() {
        return rgb.clone();
    }

    /** The color in CLIP-normalised units: what the vision tower's channel-mean filters report. */
    public double[] centroid() {
        double[] c = new double[3];
        for (int ch = 0; ch < 3; ch++) {
            c[ch] = ClipNormalisation.normalise(rgb[ch], ch);
        }
        return c;
    }

    public static Color byWord(String word) {
        for (Color c : values()) {
            if (c.word.equals(word)) {
                return c;
            }
        }
        throw new IllegalArgumentException("not a palette colour: " + word);
    }
}
