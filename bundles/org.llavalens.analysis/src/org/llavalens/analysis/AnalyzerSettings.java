package org.llavalens.analysis;

import java.util.List;
import java.util.Map;

import org.llavalens.analysis.batch.BatchSettings;
import org.llavalens.attribution.HeadAggregation;
import org.llavalens.attribution.Similarity;
import org.llavalens.attribution.render.HeatmapStyle;
import org.llavalens.attribution.report.TablePosition;
import org.llavalens.runtime.trace.CaptureSpec;

/**
 * How a {@link CaseAnalyzer} treats every case it is given.
 *
 * @param methods        attribution method ids, in the order they run
 * @param heads          head aggregation of the image map
 * @param style          heatmap colormap, normalisation, opacity and grid, recorded with the result
 * @param tableHeads     heads whose value outputs get token tables
 * @param maxNewTokens   length of the greedy answer (0: none)
 * @param padToSquare    original LLaVA's pad-to-square instead of the centre crop
 * @param methodSettings settings passed to every method (each reads the keys it declares)
 * @param baseCapture    what the forward pass keeps besides what the methods need (the workbench keeps
 *                       every head's outputs for the head maps it draws later from the same trace)
 * @param similarity     how the embedding-space tables score patches against the vocabulary
 * @param positions      positions that get token tables besides the last; any makes the pass keep every
 *                       position (O(3 x L x T x D)), so none by default
 * @param mrrTokens      tokens (words or ids) whose rank in every layer's logit lens at the last position is
 *                       tabled with their mean reciprocal rank
 */
public record AnalyzerSettings(List<String> methods, HeadAggregation heads, HeatmapStyle style, int tableHeads,
        int maxNewTokens, boolean padToSquare, Map<String, String> methodSettings, CaptureSpec baseCapture,
        Similarity similarity, List<TablePosition> positions, List<String> mrrTokens) {

    /** How many tokens each token table lists (the k of its top-k). */
    public static final int TOP_TOKENS = 5;

    public AnalyzerSettings {
        if (methods.isEmpty() || maxNewTokens < 0) {
            throw new IllegalArgumentException("an analysis needs an attribution method and an answer length of 0 or"
                    + " more, not " + methods + " and " + maxNewTokens);
        }
        methods = List.copyOf(methods);
        methodSettings = Map.copyOf(methodSettings);
        positions = List.copyOf(positions);
        mrrTokens = List.copyOf(mrrTokens);
    }

    /** Dot-product embedding tables and token tables of the last position only. */
    public AnalyzerSettings(List<String> methods, HeadAggregation heads, HeatmapStyle style, int tableHeads,
            int maxNewTokens, boolean padToSquare, Map<String, String> methodSettings, CaptureSpec baseCapture) {
        this(methods, heads, style, tableHeads, maxNewTokens, padToSquare, methodSettings, baseCapture,
                Similarity.DOT, List.of(), List.of());
    }

    /** What the forward pass keeps besides what the methods need. */
    public CaptureSpec capture() {
        return positions.isEmpty() ? baseCapture : baseCapture.union(CaptureSpec.ALL_POSITIONS);
    }

    /** What a batch analyses every case with. */
    public static AnalyzerSettings of(BatchSettings b) {
        return new AnalyzerSettings(b.methods(), b.headAggregation(), HeatmapStyle.DEFAULT, 5, b.maxNewTokens(),
                b.padToSquare(), b.methodSettings(), CaptureSpec.MINIMAL);
    }

    /**
     * Named construction: {@code methods} with the defaults (top-1 head map, default style, 5 table
     * heads, no answer, centre crop, no method settings, minimal capture, dot tables of the last
     * position); set what differs, then {@link Builder#build()}.
     */
    public static Builder builder(List<String> methods) {
        return new Builder(new AnalyzerSettings(methods, HeadAggregation.TOP1, HeatmapStyle.DEFAULT, 5, 0, false,
                Map.of(), CaptureSpec.MINIMAL));
    }

    /** These settings, to change some of them. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    public AnalyzerSettings withMethods(List<String> other) {
        return toBuilder().methods(other).build();
    }

    /**
     * Keeps every head's outputs in the pass, so that maps of other heads asked later are read from
     * the same pass as the analysis's own (to the last bit), not from a second one.
     */
    public AnalyzerSettings keepingHeadOutputs() {
        return toBuilder().baseCapture(baseCapture.union(CaptureSpec.ATTRIBUTION)).build();
    }

    /** Settings under construction, each field named where it is set. */
    public static final class Builder {

        private List<String> methods;
        private HeadAggregation heads;
        private HeatmapStyle style;
        private int tableHeads;
        private int maxNewTokens;
        private boolean padToSquare;
        private Map<String, String> methodSettings;
        private CaptureSpec baseCapture;
        private Similarity similarity;
        private List<TablePosition> positions;
        private List<String> mrrTokens;

        private Builder(AnalyzerSettings s) {
            methods = s.methods;
            heads = s.heads;
            style = s.style;
            tableHeads = s.tableHeads;
            maxNewTokens = s.maxNewTokens;
            padToSquare = s.padToSquare;
            methodSettings = s.methodSettings;
            baseCapture = s.baseCapture;
            similarity = s.similarity;
            positions = s.positions;
            mrrTokens = s.mrrTokens;
        }

        public Builder methods(List<String> v) {
            methods = v;
            return this;
        }

        public Builder heads(HeadAggregation v) {
            heads = v;
            return this;
        }

        public Builder style(HeatmapStyle v) {
            style = v;
            return this;
        }

        public Builder tableHeads(int v) {
            tableHeads = v;
            return this;
        }

        public Builder maxNewTokens(int v) {
            maxNewTokens = v;
            return this;
        }

        public Builder padToSquare(boolean v) {
            padToSquare = v;
            return this;
        }

        public Builder methodSettings(Map<String, String> v) {
            methodSettings = v;
            return this;
        }

        public Builder baseCapture(CaptureSpec v) {
            baseCapture = v;
            return this;
        }

        public Builder similarity(Similarity v) {
            similarity = v;
            return this;
        }

        public Builder positions(List<TablePosition> v) {
            positions = v;
            return this;
        }

        public Builder mrrTokens(List<String> v) {
            mrrTokens = v;
            return this;
        }

        public AnalyzerSettings build() {
            return new AnalyzerSettings(methods, heads, style, tableHeads, maxNewTokens, padToSquare, methodSettings,
                    baseCapture, similarity, positions, mrrTokens);
        }
    }
}
