package org.llavalens.bench.hf;

import java.util.TreeMap;

import org.llavalens.runtime.io.DType;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * config.json, generation_config.json and preprocessor_config.json of LLaVA and LLaMA models, in the
 * layout transformers v4.45 save_pretrained writes (complete text_config / vision_config for LLaVA).
 */
public final class HfConfigs {

    private static final String TRANSFORMERS = "4.45.1";

    /**
     * A LLaMA decoder's sizes and the ids config.json names; each component is written under its
     * name in snake case, which is LlamaConfig's key.
     */
    public record TextShape(int hiddenSize, int numAttentionHeads, int numKeyValueHeads, int intermediateSize,
            int numHiddenLayers, int vocabSize, int maxPositionEmbeddings, double rmsNormEps, double ropeTheta,
            int bosTokenId, int eosTokenId) {

        public int headDim() {
            return hiddenSize / numAttentionHeads;
        }
    }

    /** A CLIP vision tower's sizes, written as {@link TextShape} is (CLIPVisionConfig's keys). */
    public record VisionShape(int hiddenSize, int intermediateSize, int numAttentionHeads, int numHiddenLayers,
            int imageSize, int patchSize, double layerNormEps) {

        public int patches() {
            return (imageSize / patchSize) * (imageSize / patchSize);
        }
    }

    /** Writes a shape record's components under their snake-case names. */
    private static final Gson SHAPES = new GsonBuilder()
            .setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES).create();

    /** LlamaConfig's values that do not depend on the shape, as transformers v4.45 writes them. */
    private static final String LLAMA_FIXED = "{\"attention_bias\": false, \"attention_dropout\": 0.0, "
            + "\"hidden_act\": \"silu\", \"initializer_range\": 0.02, \"mlp_bias\": false, \"model_type\": \"llama\", "
            + "\"pretraining_tp\": 1, \"rope_scaling\": null, \"tie_word_embeddings\": false, \"use_cache\": true}";

    /** CLIPVisionConfig's values that do not depend on the shape. */
    private static final String CLIP_FIXED = "{\"attention_dropout\": 0.0, \"hidden_act\": \"quick_gelu\", "
            + "\"initializer_factor\": 1.0, \"initializer_range\": 0.02, \"model_type\": \"clip_vision_model\", "
            + "\"num_channels\": 3}";

    private HfConfigs() {
    }

    /** transformers' torch_dtype name of a stored dtype. */
    public static String torchDtype(DType dtype) {
        return switch (dtype) {
            case F32 -> "float32";
            case F16 -> "float16";
            case BF16 -> "bfloat16";
            default -> throw new IllegalArgumentException("no torch_dtype for " + dtype);
        };
    }

    public static JsonObject llavaConfig(TextShape text, VisionShape vision, int imageTokenId, int padId,
            int visionFeatureLayer, String torchDtype) {
        JsonObject c = new JsonObject();
        c.add("architectures", HfJson.strings("LlavaForConditionalGeneration"));
        c.addProperty("ignore_index", -100);
        c.addProperty("image_seq_length", vision.patches());
        c.addProperty("image_token_index", imageTokenId);
        c.addProperty("model_type", "llava");
        c.addProperty("pad_token_id", padId);
        c.addProperty("projector_hidden_act", "gelu");
        JsonObject t = textConfig(text);
        t.add("architectures", HfJson.strings("LlamaForCausalLM"));
        c.add("text_config", t);
        c.addProperty("tie_word_embeddings", false);
        c.addProperty("torch_dtype", torchDtype);
        c.addProperty("transformers_version", TRANSFORMERS);
        c.add("vision_config", visionConfig(vision));
        c.addProperty("vision_feature_layer", visionFeatureLayer);
        c.addProperty("vision_feature_select_strategy", "default");
        return c;
    }

    /** A LLaMA / Vicuna model's config.json. */
    public static JsonObject llamaConfig(TextShape text, int padId, String torchDtype) {
        JsonObject c = textConfig(text);
        c.add("architectures", HfJson.strings("LlamaForCausalLM"));
        c.addProperty("pad_token_id", padId);
        c.addProperty("torch_dtype", torchDtype);
        c.addProperty("transformers_version", TRANSFORMERS);
        return c;
    }

    private static JsonObject textConfig(TextShape s) {
        JsonObject t = configOf(LLAMA_FIXED, s);
        t.addProperty("head_dim", s.headDim());
        return sortedByKey(t);
    }

    private static JsonObject visionConfig(VisionShape s) {
        JsonObject v = configOf(CLIP_FIXED, s);
        v.addProperty("projection_dim", s.hiddenSize());
        return sortedByKey(v);
    }

    /** The fixed values with the shape's components added (nulls kept: transformers writes them). */
    private static JsonObject configOf(String fixed, Record shape) {
        JsonObject c = JsonParser.parseString(fixed).getAsJsonObject();
        SHAPES.toJsonTree(shape).getAsJsonObject().entrySet().forEach(e -> c.add(e.getKey(), e.getValue()));
        return c;
    }

    /** save_pretrained sorts a config's keys. */
    private static JsonObject sortedByKey(JsonObject o) {
        JsonObject sorted = new JsonObject();
        new TreeMap<>(o.asMap()).forEach(sorted::add);
        return sorted;
    }

    public static JsonObject generationConfig(int bosId, int eosId, int padId) {
        JsonObject g = JsonParser.parseString("{\"_from_model_config\": true}").getAsJsonObject();
        g.addProperty("transformers_version", TRANSFORMERS);
        g.addProperty("bos_token_id", bosId);
        g.addProperty("eos_token_id", eosId);
        g.addProperty("pad_token_id", padId);
        return sortedByKey(g);
    }

    /** CLIPImageProcessor's values that do not depend on the image size or normalisation. */
    private static final String CLIP_PROCESSOR_FIXED = "{\"do_center_crop\": true, \"do_convert_rgb\": true, "
            + "\"do_normalize\": true, \"do_rescale\": true, \"do_resize\": true, "
            + "\"image_processor_type\": \"CLIPImageProcessor\", \"resample\": 3}";

    /**
     * CLIPImageProcessor as llava-1.5 uses it: shortest edge {@code imageSize}, centre crop, bicubic,
     * rescale then normalise with {@code mean} and {@code std}.
     */
    public static JsonObject preprocessorConfig(int imageSize, double[] mean, double[] std, double rescale) {
        JsonObject p = JsonParser.parseString(CLIP_PROCESSOR_FIXED).getAsJsonObject();
        JsonObject crop = new JsonObject();
        crop.addProperty("height", imageSize);
        crop.addProperty("width", imageSize);
        p.add("crop_size", crop);
        p.add("image_mean", HfJson.numbers(mean));
        p.add("image_std", HfJson.numbers(std));
        p.addProperty("rescale_factor", rescale);
        JsonObject size = new JsonObject();
        size.addProperty("shortest_edge", imageSize);
        p.add("size", size);
        return sortedByKey(p);
    }
}
