package org.llavalens.attribution.render;

import java.util.LinkedHashMap;
import java.util.Map;

import org.llavalens.attribution.ScoreNormalization;

/**
 * How a heatmap is drawn: color map, normalisation of the raw scores, overlay opacity, whether patch
 * borders are drawn, and the kernel that enlarges the grid onto the crop. Stored with results (as
 * {@link #toSettings()}) so a replay draws the same picture. With the diverging map, scores are divided by their largest magnitude so that 0
 * stays at the map's centre whatever the normalisation says.
 */
public record HeatmapStyle(Colormap colormap, ScoreNormalization normalization, double opacity, boolean grid,
        Interpolation interpolation) {

    public static final HeatmapStyle DEFAULT = new HeatmapStyle(Colormap.GRAY, ScoreNormalization.MIN_MAX, 0.6, false);

    public HeatmapStyle {
        if (!(opacity >= 0 && opacity <= 1)) {
            throw new IllegalArgumentException("opacity " + opacity + " is not in [0, 1]");
        }
        if (interpolation == null) {
            throw new IllegalArgumentException("no interpolation");
        }
    }

    /** With Keys cubic a = -0.5 (Pillow's BICUBIC), the enlargement every heatmap used before the choice existed. */
    public HeatmapStyle(Colormap colormap, ScoreNormalization normalization, double opacity, boolean grid) {
        this(colormap, normalization, opacity, grid, Interpolation.KEYS_CUBIC);
    }

    public HeatmapStyle withInterpolation(Interpolation i) {
        return new HeatmapStyle(colormap, normalization, opacity, grid, i);
    }

    public Map<String, String> toSettings() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("colormap", colormap.name().toLowerCase(java.util.Locale.ROOT));
        m.put("normalization", normalization.id());
        m.put("opacity", Double.toString(opacity));
        m.put("grid", Boolean.toString(grid));
        m.put("interpolation", interpolation.id());
        return m;
    }

    public static HeatmapStyle fromSettings(Map<String, String> m) {
        return new HeatmapStyle(Colormap.parse(m.getOrDefault("colormap", "gray")),
                ScoreNormalization.parse(m.getOrDefault("normalization", "minmax")),
                Double.parseDouble(m.getOrDefault("opacity", "0.6")), Boolean.parseBoolean(m.getOrDefault("grid", "false")),
                Interpolation.parse(m.getOrDefault("interpolation", Interpolation.KEYS_CUBIC.id())));
    }

    /** Values in [0, 1] for the color map, one per patch. */
    double[] toUnit(double[] raw) {
        if (colormap.signed()) {
            double max = 0;
            for (double s : raw) {
                max = Math.max(max, Math.abs(s));
            }
            double[] out = new double[raw.length];
            for (int i = 0; i < raw.length; i++) {
                out[i] = max > 0 ? 0.5 + 0.5 * raw[i] / max : 0.5;
            }
            return out;
        }
        double[] n = normalization.apply(raw);
        if (normalization != ScoreNormalization.MIN_MAX) {
            // raw and share values are not in [0, 1]: stretch their range for display
            n = ScoreNormalization.MIN_MAX.apply(n);
        }
        return n;
    }
}
