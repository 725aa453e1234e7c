package org.llavalens.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.llavalens.attribution.HeadAggregation;
import org.llavalens.attribution.Similarity;
import org.llavalens.attribution.Similarity;
import org.llavalens.attribution.render.HeatmapStyle;
import org.llavalens.attribution.report.TablePosition;
import org.llavalens.runtime.trace.CaptureSpec;

/** Every position is kept only when a position table asks for it (it costs O(3 x L x T x D)). */
class AnalyzerSettingsTest {

    @Test
    void positionTablesAskForEveryPositionAndNothingElseDoes() {
        AnalyzerSettings plain = new AnalyzerSettings(List.of("logprob-increase"), HeadAggregation.TOP1,
                HeatmapStyle.DEFAULT, 5, 0, false, Map.of(), CaptureSpec.MINIMAL);
        assertEquals(CaptureSpec.MINIMAL, plain.capture());
        assertEquals(Similarity.DOT, plain.similarity());
        assertTrue(plain.positions().isEmpty());

        AnalyzerSettings more = new AnalyzerSettings(List.of("logprob-increase"), HeadAggregation.TOP1,
                HeatmapStyle.DEFAULT, 5, 0, false, Map.of(), CaptureSpec.ATTRIBUTION, Similarity.COSINE,
                TablePosition.parseList("patch:0,5"), List.of("brown"));
        assertTrue(more.capture().allPositions());
        assertTrue(more.capture().values(), "the base capture is kept");
        assertFalse(more.capture().attentionMatrices());

        AnalyzerSettings other = more.withMethods(List.of("average-attention"));
        assertEquals(Similarity.COSINE, other.similarity());
        assertEquals(more.positions(), other.positions());
        assertEquals(List.of("brown"), other.mrrTokens());
        assertFalse(new AnalyzerSettings(List.of("logprob-increase"), HeadAggregation.TOP1, HeatmapStyle.DEFAULT, 5, 0,
                false, Map.of(), CaptureSpec.MINIMAL, Similarity.COSINE, List.of(), List.of("brown")).capture()
                .allPositions(), "an MRR reads the last position only");
    }
}
