package org.llavalens.runtime.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.llavalens.runtime.compute.ComputeSettings;
import org.llavalens.runtime.config.ConfigLoader;
import org.llavalens.runtime.config.ModelConfig;
import org.llavalens.runtime.config.PreprocessorConfig;
import org.llavalens.runtime.config.PreprocessorConfigs;
import org.llavalens.runtime.image.ClipImageProcessor;
import org.llavalens.runtime.io.ModelFormatException;
import org.llavalens.runtime.io.SafetensorsWeights;
import org.llavalens.runtime.text.Tokenizer;

/** Opens a Hugging Face model folder (llava-hf/llava-1.5-*-hf or a LLaMA/Vicuna folder). */
public final class ModelLoader {

    private ModelLoader() {
    }

    public static LoadedModel load(Path folder) {
        return load(folder, WeightResidency.AUTO);
    }

    /**
     * Reads config.json, maps the weights, and loads tokenizer.json and preprocessor_config.json
     * when present (a folder without a tokenizer takes ids only).
     *
     * @throws ModelFormatException if the folder, its config or its weights are invalid (one line)
     */
    public static LoadedModel load(Path folder, WeightResidency residency) {
        return load(folder, ComputeSettings.CPU_FP32, residency);
    }

    public static LoadedModel load(Path folder, ComputeSettings compute) {
        return load(folder, compute, WeightResidency.AUTO);
    }

    /** As {@link #load(Path)} on the given device and precision. */
    public static LoadedModel load(Path folder, ComputeSettings compute, WeightResidency residency) {
        if (!Files.isDirectory(folder)) {
            throw new ModelFormatException(folder + ": not a model folder");
        }
        ModelConfig config = ConfigLoader.load(folder);
        Optional<ClipImageProcessor> processor = Optional.empty();
        if (config.isLlava()) {
            PreprocessorConfig pre = Files.isRegularFile(folder.resolve(PreprocessorConfigs.FILE))
                    ? PreprocessorConfigs.load(folder)
                    : PreprocessorConfigs.forImageSize(config.vision().orElseThrow().imageSize());
            processor = Optional.of(new ClipImageProcessor(pre));
        }
        SafetensorsWeights weights = SafetensorsWeights.open(folder);
        Tokenizer tokenizer = null;
        try {
            if (Files.isRegularFile(folder.resolve(Tokenizer.FILE))) {
                tokenizer = Tokenizer.load(folder);
            }
            Path name = folder.toAbsolutePath().normalize().getFileName();
            LlavaRuntime runtime = new LlavaRuntime(config, weights, compute, residency,
                    name == null ? folder.toString() : name.toString());
            return new LoadedModel(folder, runtime, weights, Optional.ofNullable(tokenizer), processor);
        } catch (RuntimeException e) {
            weights.close();
            if (tokenizer != null) {
                tokenizer.close();
            }
            throw e;
        }
    }
}
