package org.llavalens.ui.session;

import org.llavalens.analysis.explain.ComputeChoice;
import org.llavalens.analysis.explain.ExplainService;
import org.llavalens.analysis.explain.LocalExplainService;
import org.llavalens.analysis.explain.ModelCatalog;
import org.llavalens.ui.prefs.LensPreferences;

/**
 * Where the workbench gets its explained-case service: the one place that reads the preferences
 * for it. Today a local service on the preferences' device and precision, any model folder named
 * by its path.
 */
public final class ExplainServices {

    private ExplainServices() {
    }

    /** What the service built from the current preferences runs on; a change means a new service. */
    static ComputeChoice wanted() {
        return LensPreferences.compute();
    }

    static ExplainService create(ComputeChoice compute) {
        return LocalExplainService.of(ModelCatalog.anyFolder(), compute);
    }

    /** How a request names a model folder of the preferences. */
    public static String modelId(java.nio.file.Path folder) {
        return folder.toAbsolutePath().normalize().toString();
    }
}
