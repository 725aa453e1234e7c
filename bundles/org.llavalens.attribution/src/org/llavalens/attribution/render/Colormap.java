package org.llavalens.attribution.render;

import java.util.Locale;

/**
 * Maps a value in [0, 1] to an RGB color. {@link #GRAY} is the paper's grey map, {@link #HOT} and
 * {@link #VIRIDIS} are the usual sequential maps, {@link #DIVERGING} (blue-white-red) is for signed
 * scores and is meant to be fed values centred so that 0.5 means a score of 0.
 */
public enum Colormap {
    GRAY(new int[][] { { 0, 0, 0 }, { 255, 255, 255 } }),
    HOT(new int[][] { { 11, 0, 0 }, { 230, 0, 0 }, { 255, 210, 0 }, { 255, 255, 255 } }),
    VIRIDIS(new int[][] { { 68, 1, 84 }, { 72, 40, 120 }, { 62, 74, 137 }, { 49, 104, 142 }, { 38, 130, 142 },
            { 31, 158, 137 }, { 53, 183, 121 }, { 109, 205, 89 }, { 180, 222, 44 }, { 253, 231, 37 } }),
    DIVERGING(new int[][] { { 33, 102, 172 }, { 146, 197, 222 }, { 247, 247, 247 }, { 244, 165, 130 },
            { 178, 24, 43 } });

    private final int[][] stops;

    Colormap(int[][] stops) {
        this.stops = stops;
    }

    public static Colormap parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("colormap '" + text + "' is not one of gray, hot, viridis, diverging", e);
        }
    }

    public boolean signed() {
        return this == DIVERGING;
    }

    /** Packed 0xRRGGBB for t in [0, 1] (clamped; NaN maps to 0). */
    public int rgb(double t) {
        double x = Double.isNaN(t) ? 0 : Math.max(0, Math.min(1, t));
        double pos = x * (stops.length - 1);
        int i = Math.min((int) pos, stops.length - 2);
        double f = pos - i;
        int r = (int) Math.round(stops[i][0] + f * (stops[i + 1][0] - stops[i][0]));
        int g = (int) Math.round(stops[i][1] + f * (stops[i + 1][1] - stops[i][1]));
        int b = (int) Math.round(stops[i][2] + f * (stops[i + 1][2] - stops[i][2]));
        return (r << 16) | (g << 8) | b;
    }
}
