package org.llavalens.ui.session;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.llavalens.runtime.compute.ComputeSettings;
import org.llavalens.runtime.model.LoadedModel;
import org.llavalens.runtime.model.ModelLoader;
import org.llavalens.ui.prefs.LensPreferences;

/**
 * Models stay loaded between cases (loading is the slow part); at most two at once (LLaVA and
 * Vicuna for the comparison), least recently used closed first. A model is loaded on the device and
 * precision of the preferences; changing them loads it again. Callers hold the model rule, so
 * one job at a time uses a model.
 */
public final class ModelCache implements AutoCloseable {

    private static final int CAPACITY = 2;

    private record Key(Path folder, ComputeSettings compute) {
    }

    private final Map<Key, LoadedModel> models = new LinkedHashMap<>(4, 0.75f, true);

    public synchronized LoadedModel get(Path folder, String role) {
        Path path = folder.toAbsolutePath().normalize();
        Key key = new Key(path, LensPreferences.compute());
        LoadedModel m = models.get(key);
        if (m != null) {
            return m;
        }
        if (!Files.isDirectory(path)) {
            throw new MissingModelException(role, path);
        }
        if (!Files.isRegularFile(path.resolve("config.json"))) {
            throw new MissingModelException(role, path);
        }
        while (models.size() >= CAPACITY) {
            Key eldest = models.keySet().iterator().next();
            models.remove(eldest).close();
        }
        m = ModelLoader.load(path, key.compute());
        models.put(key, m);
        return m;
    }

    @Override
    public synchronized void close() {
        models.values().forEach(LoadedModel::close);
        models.clear();
    }

    /** A model folder that is not there: the message says which and where to set it. */
    public static final class MissingModelException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        public MissingModelException(String role, Path folder) {
            super("The " + role + " model folder " + folder + " does not exist or has no config.json. "
                    + "Set it in Window > Preferences > LLaVA Lens (the demo models: './llavalens generate-demo --out models/demo').");
        }
    }
}
