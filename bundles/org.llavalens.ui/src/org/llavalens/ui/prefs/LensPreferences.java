package org.llavalens.ui.prefs;

import java.nio.file.Path;
import java.util.Arrays;

import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.jface.preference.IPreferenceStore;
import org.eclipse.ui.preferences.ScopedPreferenceStore;
import org.llavalens.analysis.explain.ComputeChoice;
import org.llavalens.attribution.Similarity;
import org.llavalens.attribution.method.MethodIds;
import org.llavalens.attribution.render.Interpolation;

/**
 * The workbench's settings (instance scope of {@code org.llavalens.ui}): model folders, device,
 * default method, normalisation, color map and the heatmap's interpolation kernel. Model folders default to the demo models under the
 * LLaVA Lens home ({@code -Dllavalens.home}, set by the launcher), so a fresh install works.
 */
public final class LensPreferences {

    public static final String QUALIFIER = "org.llavalens.ui";
    public static final String LLAVA_FOLDER = "llavaFolder";
    public static final String VICUNA_FOLDER = "vicunaFolder";
    public static final String DEVICE = "device";
    public static final String METHOD = "defaultMethod";
    public static final String NORMALIZATION = "normalization";
    public static final String COLORMAP = "colormap";
    public static final String INTERPOLATION = "heatmapInterpolation";
    public static final String HEADS = "heads";
    public static final String SIMILARITY = "embeddingSimilarity";
    public static final String ANNOTATOR = "annotator";
    public static final String PROJECT = "projectFolder";
    /** Seconds one attribution method may compute before it is stopped (MethodRunner's deadline). */
    public static final String METHOD_DEADLINE = "methodDeadlineSeconds";

    public static final String PRECISION = "precision";

    /** Where models run: {@code local} (the folders above, in this process) or {@code server} (a model host). */
    public static final String MODEL_HOST = "modelHost";
    /** The model host's URL, e.g. {@code http://gpu-box:8765} ({@code ./llavalens serve}, docs/server.md). */
    public static final String SERVER_URL = "serverUrl";
    /** The bearer token the host's tokens file gives this annotator. */
    public static final String SERVER_TOKEN = "serverToken";
    public static final String[][] MODEL_HOSTS = { { "This machine (the model folders above)", "local" },
            { "A model host (./llavalens serve): the folders' names are its model ids", "server" } };

    /** "auto" is gpu:0 when the engine sees a GPU (the cuda build), else the CPU. */
    public static final String[][] DEVICES = { { "Automatic (GPU 0 if present, else CPU)", "auto" }, { "CPU", "cpu" },
            { "GPU 0", "gpu:0" }, { "GPU 1", "gpu:1" } };
    public static final String[][] PRECISIONS = { { "fp32 (matches Hugging Face)", "fp32" },
            { "fp16 (GPU mode; on the CPU for small models only)", "fp16" } };
    public static final String[][] NORMALIZATIONS = { { "Min-max", "minmax" }, { "Raw", "raw" },
            { "Share of positive total", "share" } };
    public static final String[][] COLORMAPS = { { "Gray (the paper's)", "gray" }, { "Hot", "hot" },
            { "Viridis", "viridis" }, { "Diverging (signed)", "diverging" } };
    public static final String[][] HEAD_AGGREGATIONS = { { "Top-1 head", "top1" }, { "Sum over top 10", "topK:10" },
            { "Sum over top 5", "topK:5" } };

    /** The heatmap kernels, labelled with what each is (values are {@link Interpolation} ids). */
    public static final String[][] INTERPOLATIONS = Arrays.stream(Interpolation.values())
            .map(i -> new String[] { i.label(), i.id() }).toArray(String[][]::new);

    /** Values are {@link Similarity} ids. */
    public static final String[][] SIMILARITIES = { { "Dot product (the paper's)", "dot" }, { "Cosine", "cosine" } };

    private static ScopedPreferenceStore store;

    private LensPreferences() {
    }

    public static synchronized IPreferenceStore store() {
        if (store == null) {
            store = new ScopedPreferenceStore(InstanceScope.INSTANCE, QUALIFIER);
            initializeDefaults(store);
            applyMethodDeadline(store);
            store.addPropertyChangeListener(e -> {
                if (METHOD_DEADLINE.equals(e.getProperty())) {
                    applyMethodDeadline(store);
                }
            });
        }
        return store;
    }

    static void initializeDefaults(IPreferenceStore s) {
        Path demo = home().resolve("models").resolve("demo");
        s.setDefault(LLAVA_FOLDER, demo.resolve("llava").toString());
        s.setDefault(VICUNA_FOLDER, demo.resolve("vicuna").toString());
        s.setDefault(DEVICE, ComputeChoice.AUTO);
        s.setDefault(PRECISION, "fp32");
        s.setDefault(MODEL_HOST, "local");
        s.setDefault(SERVER_URL, "http://127.0.0.1:8765");
        s.setDefault(SERVER_TOKEN, "");
        s.setDefault(METHOD, MethodIds.LOG_PROB_INCREASE);
        s.setDefault(NORMALIZATION, "minmax");
        s.setDefault(COLORMAP, "hot");
        s.setDefault(INTERPOLATION, Interpolation.KEYS_CUBIC.id());
        s.setDefault(HEADS, "top1");
        s.setDefault(SIMILARITY, "dot");
        s.setDefault(ANNOTATOR, System.getProperty("user.name", "annotator"));
        s.setDefault(PROJECT, "");
        s.setDefault(METHOD_DEADLINE, (int) org.llavalens.attribution.method.MethodRunner.DEFAULT_DEADLINE.toSeconds());
    }

    private static void applyMethodDeadline(IPreferenceStore s) {
        int seconds = s.getInt(METHOD_DEADLINE);
        org.llavalens.attribution.method.MethodRunner.setProcessDeadline(java.time.Duration.ofSeconds(
                seconds >= 1 ? seconds : org.llavalens.attribution.method.MethodRunner.DEFAULT_DEADLINE.toSeconds()));
    }

    /** The LLaVA Lens installation (the launcher's folder), else the working directory. */
    public static Path home() {
        String h = System.getProperty("llavalens.home");
        return h == null || h.isBlank() ? Path.of("").toAbsolutePath() : Path.of(h);
    }

    public static Path demoScenes() {
        return home().resolve("models").resolve("demo").resolve("scenes");
    }

    public static Path llavaFolder() {
        return Path.of(store().getString(LLAVA_FOLDER));
    }

    public static Path vicunaFolder() {
        return Path.of(store().getString(VICUNA_FOLDER));
    }

    /** The device and precision models are loaded with. */
    public static ComputeChoice compute() {
        return new ComputeChoice(store().getString(DEVICE), store().getString(PRECISION));
    }

    public static String get(String key) {
        return store().getString(key);
    }
}
