package org.llavalens.attribution.method;

/** What kind of evidence a method yields, so views know where to show it. */
public enum Produces {
    /** Scores over the image patches (a heatmap) and/or sequence positions. */
    POSITIONS,
    /** Scores over the L x H heads. */
    HEADS,
    /** Both. */
    HEADS_AND_POSITIONS;

    public boolean positions() {
        return this != HEADS;
    }

    public boolean heads() {
        return this != POSITIONS;
    }

    public static Produces parse(String text) {
        return switch (text == null ? "" : text.trim()) {
            case "heads" -> HEADS;
            case "positions" -> POSITIONS;
            case "heads+positions", "both" -> HEADS_AND_POSITIONS;
            default -> throw new IllegalArgumentException("produces='" + text + "' is not heads, positions or heads+positions");
        };
    }
}
