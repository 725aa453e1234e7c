package org.llavalens.ui.views.canvas;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.swt.graphics.ImageData;
import org.llavalens.attribution.AggregatedHeadMap;
import org.llavalens.attribution.HeadId;
import org.llavalens.attribution.ScoreNormalization;
import org.llavalens.attribution.method.MethodIds;
import org.llavalens.attribution.render.Colormap;
import org.llavalens.attribution.render.HeatmapRenderer;
import org.llavalens.attribution.render.HeatmapStyle;
import org.llavalens.attribution.render.Interpolation;
import org.llavalens.attribution.result.AttributionRecord;
import org.llavalens.attribution.result.MethodResult;
import org.llavalens.ui.session.CaseResult;
import org.llavalens.ui.widgets.HeatmapLayer;
import org.llavalens.ui.widgets.ImageDatas;

/**
 * Turns a case result into canvas layers: which score arrays exist (every method that produced
 * image scores, plug-ins included, and the selected head's position map) and their pictures,
 * rendered by the attribution bundle's renderer (no SWT there) and cached so that changing an
 * opacity only redraws.
 */
public final class CanvasLayers {

    public static final String HEAD_LAYER = "head";

    private record Key(String id, String colormap, String normalization, Interpolation interpolation, int size,
            double[] scores) {

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.id.equals(id) && k.colormap.equals(colormap)
                    && k.normalization.equals(normalization) && k.interpolation == interpolation && k.size == size
                    && k.scores == scores;
        }

        @Override
        public int hashCode() {
            return id.hashCode() * 31 + colormap.hashCode() + System.identityHashCode(scores);
        }
    }

    private final Map<Key, ImageData> cache = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, ImageData> e) {
            return size() > 24;
        }
    };

    /**
     * The layers a result offers, in drawing order (the selected head's map last, on top).
     *
     * @param logIncrease the log-increase map of another head choice, replacing the analysis's own
     *                    (null: the analysis's own)
     */
    public static List<LayerSource> sources(CaseResult r, HeadId head, double[] headPositions, LayerSource logIncrease) {
        List<LayerSource> out = new ArrayList<>();
        if (r == null) {
            return out;
        }
        for (MethodResult m : r.methods()) {
            if (logIncrease != null && logIncrease.id().equals(m.methodId())) {
                out.add(logIncrease);
            } else if (!m.failed() && m.imageScores() != null) {
                out.add(new LayerSource(m.methodId(), label(m), m.imageScores().toArray(), false));
            }
        }
        if (head != null && headPositions != null) {
            double[] image = imagePart(r.main(), headPositions);
            if (image != null) {
                out.add(new LayerSource(HEAD_LAYER, "Head " + head + " position map", image, true));
            }
        }
        return out;
    }

    /** The legend of a method's layer; the log increase's says which heads it sums. */
    static String label(MethodResult m) {
        String label = m.label() == null ? m.methodId() : m.label();
        String heads = m.settings() == null ? null : m.settings().get(MethodIds.HEADS);
        if (heads == null) {
            return label;
        }
        // a result written by another version shows its settings as they are
        return m.aggregatedHeads().filter(a -> MethodIds.LOG_PROB_INCREASE.equals(m.methodId()))
                .map(a -> AggregatedHeadMap.label(a.aggregation(), a.heads())).orElse(label + " (" + heads + ")");
    }

    /** The patch scores out of scores over every sequence position. */
    public static double[] imagePart(AttributionRecord record, double[] positions) {
        int[] span = record.provenance().imageSpan();
        int side = record.provenance().gridSide();
        if (span == null || side <= 0 || positions.length < span[1]) {
            return null;
        }
        int first = span[1] - side * side;
        return Arrays.copyOfRange(positions, first, span[1]);
    }

    public static int gridSide(CaseResult r) {
        return r.main().provenance().gridSide();
    }

    /** Layer pictures for the chosen styles; {@code size} is the crop's side in pixels. */
    public List<HeatmapLayer> layers(List<LayerSource> sources, Map<String, LayerStyle> styles, int gridSide,
            int size, String normalization, Interpolation interpolation) {
        List<HeatmapLayer> out = new ArrayList<>();
        for (LayerSource s : sources) {
            LayerStyle st = styles.get(s.id());
            if (st == null) {
                continue;
            }
            ImageData picture = picture(s, st.colormap(), normalization, interpolation, gridSide, size);
            out.add(new HeatmapLayer(s.id(), s.label(), picture, st.opacity(), st.visible()));
        }
        return out;
    }

    public ImageData picture(LayerSource s, String colormap, String normalization, Interpolation interpolation,
            int gridSide, int size) {
        Key key = new Key(s.id(), colormap, normalization, interpolation, size, s.scores());
        ImageData cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        HeatmapStyle style = new HeatmapStyle(Colormap.parse(colormap), ScoreNormalization.parse(normalization), 1.0,
                false, interpolation);
        ImageData d = ImageDatas.fromAwt(HeatmapRenderer.render(s.scores(), gridSide, size, size, style));
        cache.put(key, d);
        return d;
    }
}
