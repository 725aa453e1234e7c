package org.llavalens.analysis;

import java.util.List;

import org.llavalens.analysis.batch.BatchSettings;
import org.llavalens.attribution.render.HeatmapStyle;
import org.llavalens.attribution.report.AttributionSettings;
import org.llavalens.attribution.report.MethodSelection;
import org.llavalens.attribution.report.TokenTableChoices;
import org.llavalens.runtime.trace.CaptureSpec;

/**
 * How a {@link CaseAnalyzer} treats every case it is given: what the attribution needs, and what
 * only the analysis knows. Built from named pieces ({@link AttributionSettings},
 * {@link TokenTableChoices}, ...) rather than a builder: each record is small enough to be written
 * out where it is made, with every field named by its type.
 *
 * @param attribution  the methods and their settings, the image map's heads, the style, the token tables
 * @param maxNewTokens length of the greedy answer (0: none)
 * @param padToSquare  original LLaVA's pad-to-square instead of the centre crop
 * @param baseCapture  what the forward pass keeps besides what the methods need (the workbench keeps
 *                     every head's outputs for the head maps it draws later from the same trace)
 */
public record AnalyzerSettings(AttributionSettings attribution, int maxNewTokens, boolean padToSquare,
        CaptureSpec baseCapture) {

    /** How many tokens each token table lists (the k of its top-k). */
    public static final int TOP_TOKENS = TokenTableChoices.TOP_TOKENS;

    public AnalyzerSettings {
        if (attribution == null || baseCapture == null || maxNewTokens < 0) {
            throw new IllegalArgumentException("an analysis needs attribution settings, a capture and an answer length"
                    + " of 0 or more, not " + maxNewTokens);
        }
    }

    /** The attribution settings, no answer, the centre crop, the minimal capture. */
    public static AnalyzerSettings of(AttributionSettings attribution) {
        return new AnalyzerSettings(attribution, 0, false, CaptureSpec.MINIMAL);
    }

    /** What a batch analyses every case with. */
    public static AnalyzerSettings of(BatchSettings b) {
        AttributionSettings attribution = new AttributionSettings(new MethodSelection(b.methods(), b.methodSettings()),
                b.headAggregation(), HeatmapStyle.DEFAULT, TokenTableChoices.LAST_POSITION);
        return new AnalyzerSettings(attribution, b.maxNewTokens(), b.padToSquare(), CaptureSpec.MINIMAL);
    }

    /** The attribution method ids, in the order they run. */
    public List<String> methods() {
        return attribution.methods().ids();
    }

    /** What the forward pass keeps besides what the methods need. */
    public CaptureSpec capture() {
        return attribution.tables().positions().isEmpty() ? baseCapture
                : baseCapture.union(CaptureSpec.ALL_POSITIONS);
    }

    public AnalyzerSettings withMethods(List<String> other) {
        return new AnalyzerSettings(attribution.withMethods(other), maxNewTokens, padToSquare, baseCapture);
    }

    /**
     * Keeps every head's outputs in the pass, so that maps of other heads asked later are read from
     * the same pass as the analysis's own (to the last bit), not from a second one.
     */
    public AnalyzerSettings keepingHeadOutputs() {
        return new AnalyzerSettings(attribution, maxNewTokens, padToSquare, baseCapture.union(CaptureSpec.ATTRIBUTION));
    }
}
