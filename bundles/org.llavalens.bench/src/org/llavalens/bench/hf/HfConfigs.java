package org.llavalens.bench.hf;

import org.llavalens.runtime.io.DType;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;

/**
 * config.json, generation_config.json and preprocessor_config.json of LLaVA and LLaMA models, in the
 * layout transformers v4.45 save_pretrained writes (complete text_config / vision_config for LLaVA).
 */
public final class HfConfigs {

    private static final String TRANSFORMERS = "4.45.1";

    /** A LLaMA decoder's sizes and the ids config.json names. */
    public record TextShape(int hidden, int heads, int kvHeads, int intermediate, int layers, int vocab,
            int maxPositions, double rmsEps, double ropeTheta, int bosId, int eosId) {

        public int headDim() {
            return hidden / heads;
        }
    }

    /** A CLIP vision tower's sizes. */
    public record VisionShape(int hidden, int intermediate, int heads, int layers, int imageSize, int patch,
            double layerNormEps) {

        public int patches() {
            return (imageSize / patch) * (imageSize / patch);
        }
    }

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
        JsonObject t = new JsonObject();
        t.addProperty("attention_bias", false);
        t.addProperty("attention_dropout", 0.0);
        t.addProperty("bos_token_id", s.bosId());
        t.addProperty("eos_token_id", s.eosId());
        t.addProperty("head_dim", s.headDim());
        t.addProperty("hidden_act", "silu");
        t.addProperty("hidden_size", s.hidden());
        t.addProperty("initializer_range", 0.02);
        t.addProperty("intermediate_size", s.intermediate());
        t.addProperty("max_position_embeddings", s.maxPositions());
        t.addProperty("mlp_bias", false);
        t.addProperty("model_type", "llama");
        t.addProperty("num_attention_heads", s.heads());
        t.addProperty("num_hidden_layers", s.layers());
        t.addProperty("num_key_value_heads", s.kvHeads());
        t.addProperty("pretraining_tp", 1);
        t.addProperty("rms_norm_eps", s.rmsEps());
        t.add("rope_scaling", JsonNull.INSTANCE);
        t.addProperty("rope_theta", s.ropeTheta());
        t.addProperty("tie_word_embeddings", false);
        t.addProperty("use_cache", true);
        t.addProperty("vocab_size", s.vocab());
        return t;
    }

    private static JsonObject visionConfig(VisionShape s) {
        JsonObject v = new JsonObject();
        v.addProperty("attention_dropout", 0.0);
        v.addProperty("hidden_act", "quick_gelu");
        v.addProperty("hidden_size", s.hidden());
        v.addProperty("image_size", s.imageSize());
        v.addProperty("initializer_factor", 1.0);
        v.addProperty("initializer_range", 0.02);
        v.addProperty("intermediate_size", s.intermediate());
        v.addProperty("layer_norm_eps", s.layerNormEps());
        v.addProperty("model_type", "clip_vision_model");
        v.addProperty("num_attention_heads", s.heads());
        v.addProperty("num_channels", 3);
        v.addProperty("num_hidden_layers", s.layers());
        v.addProperty("patch_size", s.patch());
        v.addProperty("projection_dim", s.hidden());
        return v;
    }

    public static JsonObject generationConfig(int bosId, int eosId, int padId) {
        JsonObject g = new JsonObject();
        g.addProperty("_from_model_config", true);
        g.addProperty("bos_token_id", bosId);
        g.addProperty("eos_token_id", eosId);
        g.addProperty("pad_token_id", padId);
        g.addProperty("transformers_version", TRANSFORMERS);
        return g;
    }

    /**
     * CLIPImageProcessor as llava-1.5 uses it: shortest edge {@code imageSize}, centre crop, bicubic,
     * rescale then normalise with {@code mean} and {@code std}.
     */
    public static JsonObject preprocessorConfig(int imageSize, double[] mean, double[] std, double rescale) {
        JsonObject p = new JsonObject();
        JsonObject crop = new JsonObject();
        crop.addProperty("height", imageSize);
        crop.addProperty("width", imageSize);
        p.add("crop_size", crop);
        p.addProperty("do_center_crop", true);
        p.addProperty("do_convert_rgb", true);
        p.addProperty("do_normalize", true);
        p.addProperty("do_rescale", true);
        p.addProperty("do_resize", true);
        p.add("image_mean", HfJson.numbers(mean));
        p.addProperty("image_processor_type", "CLIPImageProcessor");
        p.add("image_std", HfJson.numbers(std));
        p.addProperty("resample", 3);
        p.addProperty("rescale_factor", rescale);
        JsonObject size = new JsonObject();
        size.addProperty("shortest_edge", imageSize);
        p.add("size", size);
        return p;
    }
}
