package org.llavalens.demo;

/**
 * The animals the demo vision tower tells apart. Each species is drawn with a zero-mean texture of
 * period 14 (one patch): the three textures are exactly orthogonal to each other and to a flat
 * color, so a matched filter in the patch conv responds to its own species only. Period 14 rather
 * than 2 keeps the textures alive through bicubic resizing.
 */
public enum Species {
    /** Top half bright, bottom half dark. */
    DOG("dog"),
    /** Left half bright, right half dark. */
    CAT("cat"),
    /** Quadrant checker. */
    BIRD("bird");

    private final String word;

    Species(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }

    /** +1 or -1 at pixel (y, x) of a patch of side {@code patch}. */
    public int texture(int y, int x, int patch) {
        int half = patch / 2;
        boolean top = y % patch < half;
        boolean left = x % patch < half;
        return switch (this) {
            case DOG -> top ? 1 : -1;
            case CAT -> left ? 1 : -1;
            case BIRD -> top == left ? 1 : -1;
        };
    }
}
