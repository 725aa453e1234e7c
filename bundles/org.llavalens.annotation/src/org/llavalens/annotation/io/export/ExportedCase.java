package org.llavalens.annotation.io.export;

import java.util.List;

import org.llavalens.annotation.model.Annotation;
import org.llavalens.annotation.model.Case;
import org.llavalens.annotation.model.ReviewEntry;

/**
 * One case as every format sees it: its labels, its review history and the heatmap files copied
 * beside the export (paths relative to the export's folder).
 */
public record ExportedCase(Case item, List<Annotation> annotations, List<ReviewEntry> reviews,
        List<String> heatmaps) {

    public ExportedCase {
        annotations = List.copyOf(annotations);
        reviews = List.copyOf(reviews);
        heatmaps = List.copyOf(heatmaps);
    }
}
