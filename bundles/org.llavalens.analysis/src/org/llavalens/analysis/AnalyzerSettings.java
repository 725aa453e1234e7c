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
        return positions.isEmpty() ? baseCapture : baseCapture.union(new CaptureSpec(false, true));
    }

    /** What a batch analyses every case with. */
    public static AnalyzerSettings of(BatchSettings b) {
        return new AnalyzerSettings(b.methods(), b.headAggregation(), HeatmapStyle.DEFAULT, 5, b.maxNewTokens(),
                b.padToSquare(), b.methodSettings(), CaptureSpec.MINIMAL);
    }

    /**
     * Named construction: {@code methods} with the defaults (top-1 head map, default style, 5 table
     * heads, no answer, centre crop, no method settings, minimal capture, dot tables of the last
     * position), then the withers below.
     */
    public static AnalyzerSettings defaults(List<String> methods) {
        return new AnalyzerSettings(methods, HeadAggregation.TOP1, HeatmapStyle.DEFAULT, 5, 0, false, Map.of(),
                CaptureSpec.MINIMAL);
    }

    public AnalyzerSettings withMethods(List<String> other) {
        return new AnalyzerSettings(other, heads, style, tableHeads, maxNewTokens, padToSquare, methodSettings,
                baseCapture, similarity, positions, mrrTokens);
    }

    public AnalyzerSettings withHeads(HeadAggregation other) {
        return new AnalyzerSettings(methods, other, style, tableHeads, maxNewTokens, padToSquare, methodSettings,
                baseCapture, similarity, positions, mrrTokens);
    }

    public AnalyzerSettings withStyle(HeatmapStyle other) {
        return new AnalyzerSettings(methods, heads, other, tableHeads, maxNewTokens, padToSquare, methodSettings,
                baseCapture, similarity, positions, mrrTokens);
    }

    public AnalyzerSettings withTableHeads(int other) {
        return new AnalyzerSettings(methods, heads, style, other, maxNewTokens, padToSquare, methodSettings,
                baseCapture, similarity, positions, mrrTokens);
    }

    public AnalyzerSettings withMaxNewTokens(int other) {
        return new AnalyzerSettings(methods, heads, style, tableHeads, other, padToSquare, methodSettings,
                baseCapture, similarity, positions, mrrTokens);
    }

    /**
     * Keeps every head's outputs in the pass, so that maps of other heads asked later are read from
     * the same pass as the analysis's own (to the last bit), not from a second one.
     */
    public AnalyzerSettings keepingHeadOutputs() {
        return new AnalyzerSettings(methods, heads, style, tableHeads, maxNewTokens, padToSquare, methodSettings,
                baseCapture.union(CaptureSpec.ATTRIBUTION), similarity, positions, mrrTokens);
    }
}
