package org.llavalens.attribution.result;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.llavalens.attribution.HeadAggregation;
import org.llavalens.attribution.Similarity;
import org.llavalens.attribution.render.HeatmapStyle;

/**
 * How a record is shown: the heatmap style, the head choice of the image map, and how its token
 * tables were read. A replay draws with these.
 *
 * @param style  color map, normalisation, opacity, grid and interpolation of the heatmap
 * @param heads  the image map's head choice
 * @param tables how the token tables were read
 */
public record DisplaySettings(HeatmapStyle style, HeadAggregation heads, TableSettings tables) {

    public DisplaySettings {
        if (style == null || heads == null || tables == null) {
            throw new IllegalArgumentException("display settings need a style, a head choice and table settings");
        }
    }

    /**
     * How the token tables were read.
     *
     * @param similarity          how the embedding-space tables score a patch against the vocabulary
     * @param positions           the positions that got tables besides the last, as written on the
     *                            command line ({@code patch:0=5,7}), or null for the last only
     * @param meanReciprocalRanks by tracked token id, its mean reciprocal rank over the layers
     */
    public record TableSettings(Similarity similarity, String positions, Map<Integer, Double> meanReciprocalRanks) {

        public static final TableSettings LAST_POSITION = new TableSettings(Similarity.DOT, null, Map.of());

        public TableSettings {
            if (similarity == null) {
                throw new IllegalArgumentException("table settings need a similarity");
            }
            meanReciprocalRanks = Map.copyOf(meanReciprocalRanks);
        }

        public Optional<String> positionsText() {
            return Optional.ofNullable(positions);
        }
    }

    /**
     * The settings as the flat text map format 1 stored and the labels file records ({@code colormap},
     * {@code normalization}, ..., {@code heads}, {@code similarity}, {@code positions},
     * {@code mrr_id<N>}).
     */
    public Map<String, String> asText() {
        Map<String, String> m = new LinkedHashMap<>(style.toSettings());
        m.put(FormatOneNames.HEADS, heads.toString());
        m.put(FormatOneNames.SIMILARITY, tables.similarity().id());
        if (tables.positions() != null) {
            m.put(FormatOneNames.POSITIONS, tables.positions());
        }
        tables.meanReciprocalRanks().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> m.put(FormatOneNames.MRR_PREFIX + e.getKey(), Double.toString(e.getValue())));
        return m;
    }

    /** Reads the flat text map of format 1; keys it lacks take the defaults format 1 implied. */
    public static DisplaySettings fromText(Map<String, String> text) {
        Map<Integer, Double> mrr = new LinkedHashMap<>();
        text.forEach((k, v) -> {
            if (k.startsWith(FormatOneNames.MRR_PREFIX)) {
                mrr.put(Integer.parseInt(k.substring(FormatOneNames.MRR_PREFIX.length())), Double.parseDouble(v));
            }
        });
        return new DisplaySettings(HeatmapStyle.fromSettings(text),
                HeadAggregation.parse(text.getOrDefault(FormatOneNames.HEADS, HeadAggregation.TOP1.toString())),
                new TableSettings(Similarity.parse(text.getOrDefault(FormatOneNames.SIMILARITY, Similarity.DOT.id())),
                        text.get(FormatOneNames.POSITIONS), mrr));
    }

    /** The keys of the flat display map. */
    private static final class FormatOneNames {
        static final String HEADS = "heads";
        static final String SIMILARITY = "similarity";
        static final String POSITIONS = "positions";
        static final String MRR_PREFIX = "mrr_id";
    }
}
