package org.llavalens.runtime.model;

import java.nio.file.Files;
import java.nio.file.Path;

import org.llavalens.runtime.config.ConfigLoader;
import org.llavalens.runtime.config.ModelConfig;
import org.llavalens.runtime.io.ModelFormatException;
import org.llavalens.runtime.io.SafetensorsWeights;

/** Opens a Hugging Face model folder (llava-hf/llava-1.5-*-hf or a LLaMA/Vicuna folder). */
public final class ModelLoader {

    private ModelLoader() {
    }

    public static LoadedModel load(Path folder) {
        return load(folder, WeightResidency.AUTO);
    }

    /** @throws ModelFormatException if the folder, its config or its weights are invalid (one line) */
    public static LoadedModel load(Path folder, WeightResidency residency) {
        if (!Files.isDirectory(folder)) {
            throw new ModelFormatException(folder + ": not a model folder");
        }
        ModelConfig config = ConfigLoader.load(folder);
        SafetensorsWeights weights = SafetensorsWeights.open(folder);
        try {
            Path name = folder.toAbsolutePath().normalize().getFileName();
            LlavaRuntime runtime = new LlavaRuntime(config, weights, residency,
                    name == null ? folder.toString() : name.toString());
            return new LoadedModel(folder, runtime, weights);
        } catch (RuntimeException e) {
            weights.close();
            throw e;
        }
    }
}
