package org.llavalens.attribution.render;

import java.awt.image.BufferedImage;

import org.llavalens.attribution.result.AttributionRecord;
import org.llavalens.attribution.result.MethodResult;

/**
 * Re-renders a stored result exactly as it was shown: the method's raw image scores with the
 * record's own display settings, so a labelled case always shows the evidence it was labelled on.
 */
public final class RecordRenderer {

    private RecordRenderer() {
    }

    public static BufferedImage heatmap(AttributionRecord record, String methodId, BufferedImage crop) {
        MethodResult m = record.method(methodId)
                .orElseThrow(() -> new IllegalArgumentException("the result has no method '" + methodId + "'"));
        if (m.failed()) {
            throw new IllegalArgumentException("method '" + methodId + "' failed in this result: " + m.error());
        }
        if (m.imageScores() == null) {
            throw new IllegalArgumentException("method '" + methodId + "' produced no image scores");
        }
        HeatmapStyle style = record.display().style();
        return HeatmapRenderer.overlay(m.imageScores().toArray(), record.provenance().gridSide(), crop, style);
    }

    public static BufferedImage headGrid(AttributionRecord record, String methodId, int cell) {
        MethodResult m = record.method(methodId)
                .orElseThrow(() -> new IllegalArgumentException("the result has no method '" + methodId + "'"));
        if (m.headScores() == null) {
            throw new IllegalArgumentException("method '" + methodId + "' produced no head scores");
        }
        return HeadGridRenderer.render(m.headScores().raw(), cell);
    }
}
