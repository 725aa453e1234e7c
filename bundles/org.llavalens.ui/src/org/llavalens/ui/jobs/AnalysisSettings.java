package org.llavalens.ui.jobs;

import java.nio.file.Path;

import org.llavalens.ui.prefs.LensPreferences;

/** The preferences an analysis runs with, read once on the UI thread and handed to the job. */
public record AnalysisSettings(Path llava, Path vicuna, String method, String heads, String normalization,
        String colormap) {

    public static AnalysisSettings fromPreferences() {
        return new AnalysisSettings(LensPreferences.llavaFolder(), LensPreferences.vicunaFolder(),
                LensPreferences.get(LensPreferences.METHOD), LensPreferences.get(LensPreferences.HEADS),
                LensPreferences.get(LensPreferences.NORMALIZATION), LensPreferences.get(LensPreferences.COLORMAP));
    }
}
