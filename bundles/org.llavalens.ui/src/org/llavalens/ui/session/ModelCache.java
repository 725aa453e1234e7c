package org.llavalens.ui.session;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.llavalens.runtime.model.LoadedModel;
import org.llavalens.runtime.model.ModelLoader;

/**
 * Models stay loaded between cases (loading is the slow part); at most two at once (LLaVA and
 * Vicuna for the comparison), least recently used closed first. Callers hold the model rule, so
 * one job at a time uses a model.
 */
public final class ModelCache implements AutoCloseable {

    private static final int CAPACITY = 2;

    private final Map<Path, LoadedModel> models = new LinkedHashMap<>(4, 0.75f, true);

    public synchronized LoadedModel get(Path folder, String role) {
        Path key = folder.toAbsolutePath().normalize();
        LoadedModel m = models.get(key);
        if (m != null) {
            return m;
        }
        if (!Files.isDirectory(key)) {
            throw new MissingModelException(role, key);
        }
        if (!Files.isRegularFile(key.resolve("config.json"))) {
            throw new MissingModelException(role, key);
        }
        while (models.size() >= CAPACITY) {
            Path eldest = models.keySet().iterator().next();
            models.remove(eldest).close();
        }
        m = ModelLoader.load(key);
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
