package org.llavalens.ui.jobs;

import org.llavalens.attribution.report.TokenTableChoices;
import org.llavalens.attribution.report.MethodSelection;
import org.llavalens.attribution.report.AttributionSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.llavalens.analysis.AnalyzerSettings;
import org.llavalens.attribution.HeadAggregation;
import org.llavalens.attribution.ScoreNormalization;
import org.llavalens.attribution.method.MethodIds;
import org.llavalens.attribution.render.Colormap;
import org.llavalens.attribution.render.HeatmapStyle;
import org.llavalens.ui.prefs.LensPreferences;
import org.llavalens.ui.session.ExplainServices;

/**
 * The preferences an analysis runs with, read once on the UI thread and handed to the job.
 *
 * @param method the preferred attribution method, run besides the paper's two (null or blank: none)
 */
public record AnalysisSettings(Path llava, Path vicuna, String method, HeadAggregation heads,
        ScoreNormalization normalization, Colormap colormap) {

    /** Heads whose value outputs get token tables in the workbench's analysis. */
    private static final int TABLE_HEADS = 10;
    private static final double OPACITY = 0.6;

    public static AnalysisSettings fromPreferences() {
        return new AnalysisSettings(LensPreferences.llavaFolder(), LensPreferences.vicunaFolder(),
                LensPreferences.get(LensPreferences.METHOD), HeadAggregation.parse(LensPreferences.get(LensPreferences.HEADS)),
                ScoreNormalization.parse(LensPreferences.get(LensPreferences.NORMALIZATION)),
                Colormap.parse(LensPreferences.get(LensPreferences.COLORMAP)));
    }

    public String llavaId() {
        return ExplainServices.modelId(llava);
    }

    public String vicunaId() {
        return ExplainServices.modelId(vicuna);
    }

    /**
     * The main analysis: the paper's log-probability increase, average attention and the preferred
     * method (the slow causal baseline only on request); the pass keeps every head's outputs for the
     * maps asked later.
     */
    public AnalyzerSettings analysis() {
        List<String> methods = new ArrayList<>(List.of(MethodIds.LOG_PROB_INCREASE, MethodIds.AVERAGE_ATTENTION));
        if (method != null && !method.isBlank() && !methods.contains(method) && !MethodIds.CAUSAL_ABLATION.equals(method)) {
            methods.add(method);
        }
        return display(methods).keepingHeadOutputs();
    }

    /** The causal baseline alone (one rerun per patch). */
    public AnalyzerSettings ablation() {
        return display(List.of(MethodIds.CAUSAL_ABLATION));
    }

    /** The head scores and maps alone, for follow-ups on a case read back from the project. */
    public AnalyzerSettings followUps() {
        return display(List.of(MethodIds.LOG_PROB_INCREASE)).keepingHeadOutputs();
    }

    /** {@code methods} with the display settings of the preferences. */
    private AnalyzerSettings display(List<String> methods) {
        return AnalyzerSettings.of(new AttributionSettings(MethodSelection.of(methods), heads,
                new HeatmapStyle(colormap, normalization, OPACITY, false), TokenTableChoices.ofHeads(TABLE_HEADS)));
    }
}
