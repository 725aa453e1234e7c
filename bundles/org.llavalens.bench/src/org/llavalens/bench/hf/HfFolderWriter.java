package org.llavalens.bench.hf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.llavalens.runtime.io.SafetensorsWriter;

import com.google.gson.JsonObject;

/**
 * The one writer of synthetic Hugging Face model folders (the demo models, the benchmarks' random
 * models, test models): config.json, generation_config.json, preprocessor_config.json, the
 * tokenizer files and model.safetensors, each under the name transformers gives it and in its
 * JSON layout.
 */
public final class HfFolderWriter {

    public static final String CONFIG = "config.json";
    public static final String GENERATION_CONFIG = "generation_config.json";
    public static final String PREPROCESSOR_CONFIG = "preprocessor_config.json";
    public static final String TOKENIZER = "tokenizer.json";
    public static final String TOKENIZER_CONFIG = "tokenizer_config.json";

    private final Path folder;

    /** Creates {@code folder} (and its parents) if missing. */
    public HfFolderWriter(Path folder) throws IOException {
        this.folder = Files.createDirectories(folder);
    }

    public Path folder() {
        return folder;
    }

    public HfFolderWriter config(JsonObject config) throws IOException {
        return json(CONFIG, config);
    }

    public HfFolderWriter generationConfig(JsonObject config) throws IOException {
        return json(GENERATION_CONFIG, config);
    }

    public HfFolderWriter preprocessorConfig(JsonObject config) throws IOException {
        return json(PREPROCESSOR_CONFIG, config);
    }

    /** tokenizer.json and tokenizer_config.json of a word-level vocabulary. */
    public HfFolderWriter tokenizer(WordLevelTokenizerFiles tokenizer) throws IOException {
        json(TOKENIZER, tokenizer.tokenizer());
        return json(TOKENIZER_CONFIG, tokenizer.tokenizerConfig());
    }

    /** model.safetensors (or its shards) with what {@code tensors} holds, in its dtype. */
    public HfFolderWriter weights(SafetensorsWriter tensors) throws IOException {
        try {
            tensors.write(folder);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return this;
    }

    private HfFolderWriter json(String name, JsonObject json) throws IOException {
        HfJson.write(folder.resolve(name), json);
        return this;
    }
}
