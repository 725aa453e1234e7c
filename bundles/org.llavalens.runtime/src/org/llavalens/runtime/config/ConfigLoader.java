package org.llavalens.runtime.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.llavalens.runtime.io.ModelFormatException;

/**
 * Reads a model folder's {@code config.json} into a {@link ModelConfig}, applying the defaults Hugging Face
 * transformers applies (LlavaConfig, LlamaConfig, CLIPVisionConfig) so that the complete form written by
 * {@code save_pretrained} and the minimal hub form (sub-configs listing only non-defaults) give the same
 * result. Settings the forward pass does not implement (RoPE scaling, attention or MLP biases, other
 * activations) are refused rather than silently ignored.
 */
public final class ConfigLoader {

    public static final String FILE = "config.json";

    private ConfigLoader() {
    }

    /** @param folderOrFile a model folder, or a config.json file itself */
    public static ModelConfig load(Path folderOrFile) {
        Path file = Files.isDirectory(folderOrFile) ? folderOrFile.resolve(FILE) : folderOrFile;
        if (!Files.isRegularFile(file)) {
            throw new ModelFormatException(file + ": file not found (a model folder needs " + FILE + ")");
        }
        JsonFields root = JsonFields.parse(file);
        String modelType = root.string("model_type", null);
        return switch (modelType) {
            case "llava" -> llava(root);
            case "llama" -> new ModelConfig("llama", text(root), Optional.empty(), -2, "default", "gelu", -1);
            default -> throw new ModelFormatException(file + ": model_type '" + modelType
                    + "' is not supported (expected llava or llama)");
        };
    }

    private static ModelConfig llava(JsonFields root) {
        JsonFields textFields = root.object("text_config");
        if (textFields != null) {
            String textType = textFields.string("model_type", "llama");
            if (!textType.equals("llama")) {
                throw new ModelFormatException(root.file() + ": 'text_config.model_type' is '" + textType
                        + "'; only llama language models are supported");
            }
        }
        // LlavaConfig without a text_config builds LlamaConfig(): every value a default.
        TextConfig text = text(textFields != null ? textFields
                : new JsonFields(root.file(), "text_config.", new com.google.gson.JsonObject()));
        JsonFields visionFields = root.object("vision_config");
        VisionConfig vision = visionFields != null ? vision(visionFields) : llavaDefaultVision();
        if (root.has("vision_feature_layer") && !root.raw("vision_feature_layer").isJsonPrimitive()) {
            throw root.invalid("vision_feature_layer", "must be a single layer index", root.raw("vision_feature_layer"));
        }
        int layer = root.integer("vision_feature_layer", -2);
        if (layer < -(vision.numLayers() + 1) || layer > vision.numLayers()) {
            throw root.invalid("vision_feature_layer", "is outside the " + (vision.numLayers() + 1)
                    + " vision hidden states", root.raw("vision_feature_layer"));
        }
        String strategy = root.string("vision_feature_select_strategy", "default");
        if (!strategy.equals("default") && !strategy.equals("full")) {
            throw root.invalid("vision_feature_select_strategy", "must be \"default\" or \"full\"",
                    root.raw("vision_feature_select_strategy"));
        }
        String act = root.string("projector_hidden_act", "gelu");
        if (!act.equals("gelu")) {
            throw root.invalid("projector_hidden_act", "is not supported (only gelu)", root.raw("projector_hidden_act"));
        }
        int imageToken = root.integer("image_token_index", 32000);
        // Not checked against vocab_size: with every default HF itself has image_token_index == vocab_size
        // (checkpoints resize the embeddings); the ids of a prompt are checked against the weights instead.
        if (imageToken < 0) {
            throw root.invalid("image_token_index", "must not be negative", root.raw("image_token_index"));
        }
        return new ModelConfig("llava", text, Optional.of(vision), layer, strategy, act, imageToken);
    }

    /** LlamaConfig defaults (transformers 4.45). */
    static TextConfig text(JsonFields f) {
        int hidden = f.positive("hidden_size", 4096);
        int heads = f.positive("num_attention_heads", 32);
        int kvHeads = f.positive("num_key_value_heads", heads);
        if (heads % kvHeads != 0) {
            throw f.invalid("num_key_value_heads", "must divide num_attention_heads (" + heads + ")",
                    f.raw("num_key_value_heads"));
        }
        if (!f.has("head_dim") && hidden % heads != 0) {
            throw f.invalid("hidden_size", "must be a multiple of num_attention_heads (" + heads + ")",
                    f.raw("hidden_size"));
        }
        int headDim = f.positive("head_dim", hidden / heads);
        String act = f.string("hidden_act", "silu");
        if (!act.equals("silu")) {
            throw f.invalid("hidden_act", "is not supported (only silu)", f.raw("hidden_act"));
        }
        if (f.has("rope_scaling")) {
            throw f.invalid("rope_scaling", "is not supported (only plain RoPE)", f.raw("rope_scaling"));
        }
        if (f.bool("attention_bias", false)) {
            throw f.invalid("attention_bias", "is not supported", f.raw("attention_bias"));
        }
        if (f.bool("mlp_bias", false)) {
            throw f.invalid("mlp_bias", "is not supported", f.raw("mlp_bias"));
        }
        double eps = f.number("rms_norm_eps", 1e-6);
        double theta = f.number("rope_theta", 10000.0);
        if (eps <= 0 || theta <= 0) {
            throw f.invalid(eps <= 0 ? "rms_norm_eps" : "rope_theta", "must be positive",
                    f.raw(eps <= 0 ? "rms_norm_eps" : "rope_theta"));
        }
        return new TextConfig(hidden, f.positive("intermediate_size", 11008), f.positive("num_hidden_layers", 32),
                heads, kvHeads, headDim, eps, theta, f.positive("vocab_size", 32000),
                f.positive("max_position_embeddings", 2048), f.integer("bos_token_id", 1), f.integer("eos_token_id", 2),
                f.bool("tie_word_embeddings", false));
    }

    /** CLIPVisionConfig defaults (transformers 4.45). */
    static VisionConfig vision(JsonFields f) {
        String type = f.string("model_type", "clip_vision_model");
        if (!type.equals("clip_vision_model")) {
            throw f.invalid("model_type", "is not supported (only clip_vision_model)", f.raw("model_type"));
        }
        int hidden = f.positive("hidden_size", 768);
        int heads = f.positive("num_attention_heads", 12);
        if (hidden % heads != 0) {
            throw f.invalid("hidden_size", "must be a multiple of num_attention_heads (" + heads + ")",
                    f.raw("hidden_size"));
        }
        int image = f.positive("image_size", 224);
        int patch = f.positive("patch_size", 32);
        if (image % patch != 0) {
            throw f.invalid("image_size", "must be a multiple of patch_size (" + patch + ")", f.raw("image_size"));
        }
        String act = f.string("hidden_act", "quick_gelu");
        if (!act.equals("quick_gelu") && !act.equals("gelu")) {
            throw f.invalid("hidden_act", "is not supported (quick_gelu or gelu)", f.raw("hidden_act"));
        }
        return new VisionConfig(hidden, f.positive("intermediate_size", 3072), f.positive("num_hidden_layers", 12),
                heads, image, patch, f.positive("num_channels", 3), f.number("layer_norm_eps", 1e-5), act);
    }

    /** What LlavaConfig builds when config.json has no vision_config: CLIP ViT-L/14-336. */
    private static VisionConfig llavaDefaultVision() {
        return new VisionConfig(1024, 4096, 24, 16, 336, 14, 3, 1e-5, "quick_gelu");
    }
}
