package org.llavalens.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.llavalens.attribution.HeadAggregation;
import org.llavalens.attribution.Similarity;
import org.llavalens.attribution.render.HeatmapStyle;
import org.llavalens.attribution.report.AttributionSettings;
import org.llavalens.attribution.report.MethodSelection;
import org.llavalens.attribution.report.TablePosition;
import org.llavalens.attribution.report.TokenTableChoices;
import org.llavalens.runtime.trace.CaptureSpec;

/** Every position is kept only when a position table asks for it (it costs O(3 x L x T x D)). */
class AnalyzerSettingsTest {

    private static AnalyzerSettings with(TokenTableChoices tables, CaptureSpec base) {
        return new AnalyzerSettings(new AttributionSettings(MethodSelection.of(List.of("logprob-increase")),
                HeadAggregation.TOP1, HeatmapStyle.DEFAULT, tables), 0, false, base);
    }

    @Test
    void positionTablesAskForEveryPositionAndNothingElseDoes() {
        AnalyzerSettings plain = with(TokenTableChoices.ofHeads(5), CaptureSpec.MINIMAL);
        assertEquals(CaptureSpec.MINIMAL, plain.capture());
        assertEquals(Similarity.DOT, plain.attribution().tables().similarity());
        assertTrue(plain.attribution().tables().positions().isEmpty());

        AnalyzerSettings more = with(new TokenTableChoices(5, Similarity.COSINE, TablePosition.parseList("patch:0,5"),
                List.of("brown")), CaptureSpec.ATTRIBUTION);
        assertTrue(more.capture().allPositions());
        assertTrue(more.capture().values(), "the base capture is kept");
        assertFalse(more.capture().attentionMatrices());

        AnalyzerSettings other = more.withMethods(List.of("average-attention"));
        assertEquals(Similarity.COSINE, other.attribution().tables().similarity());
        assertEquals(more.attribution().tables().positions(), other.attribution().tables().positions());
        assertEquals(List.of("brown"), other.attribution().tables().mrrTokens());
        assertFalse(with(new TokenTableChoices(5, Similarity.COSINE, List.of(), List.of("brown")), CaptureSpec.MINIMAL)
                .capture().allPositions(), "an MRR reads the last position only");
    }
}
