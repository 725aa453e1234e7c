package org.llavalens.demo;

import static org.llavalens.demo.DemoArchitecture.*;

import java.io.IOException;
import java.nio.file.Path;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;

/**
 * config.json, generation_config.json and preprocessor_config.json of the demo models, in the layout
 * transformers v4.45 save_pretrained writes (complete text_config / vision_config for LLaVA).
 */
final class ModelConfigFiles {

    private static final String TRANSFORMERS = "4.45.1";

    private ModelConfigFiles() {
    }

    static JsonObject llavaConfig(int visionFeatureLayer, double ropeTheta) {
        JsonObject c = new JsonObject();
        c.add("architectures", HfJson.strings("LlavaForConditionalGeneration"));
        c.addProperty("ignore_index", -100);
        c.addProperty("image_seq_length", PATCHES);
        c.addProperty("image_token_index", DemoVocabulary.imageId());
        c.addProperty("model_type", "llava");
        c.addProperty("pad_token_id", DemoVocabulary.padId());
        c.addProperty("projector_hidden_act", "gelu");
        JsonObject text = textConfig(DemoVocabulary.llavaSize(), ropeTheta);
        text.add("architectures", HfJson.strings("LlamaForCausalLM"));
        c.add("text_config", text);
        c.addProperty("tie_word_embeddings", false);
        c.addProperty("torch_dtype", "float32");
        c.addProperty("transformers_version", TRANSFORMERS);
        c.add("vision_config", visionConfig());
        c.addProperty("vision_feature_layer", visionFeatureLayer);
        c.addProperty("vision_feature_select_strategy", "default");
        return c;
    }

    static JsonObject vicunaConfig(double ropeTheta) {
        JsonObject c = textConfig(DemoVocabulary.textSize(), ropeTheta);
        c.add("architectures", HfJson.strings("LlamaForCausalLM"));
        c.addProperty("pad_token_id", DemoVocabulary.unkId());
        c.addProperty("torch_dtype", "float32");
        c.addProperty("transformers_version", TRANSFORMERS);
        return c;
    }

    private static JsonObject textConfig(int vocab, double ropeTheta) {
        JsonObject t = new JsonObject();
        t.addProperty("attention_bias", false);
        t.addProperty("attention_dropout", 0.0);
        t.addProperty("bos_token_id", DemoVocabulary.bosId());
        t.addProperty("eos_token_id", DemoVocabulary.eosId());
        t.addProperty("head_dim", HEAD_DIM);
        t.addProperty("hidden_act", "silu");
        t.addProperty("hidden_size", HIDDEN);
        t.addProperty("initializer_range", 0.02);
        t.addProperty("intermediate_size", MLP);
        t.addProperty("max_position_embeddings", MAX_POSITIONS);
        t.addProperty("mlp_bias", false);
        t.addProperty("model_type", "llama");
        t.addProperty("num_attention_heads", HEADS);
        t.addProperty("num_hidden_layers", LAYERS);
        t.addProperty("num_key_value_heads", HEADS);
        t.addProperty("pretraining_tp", 1);
        t.addProperty("rms_norm_eps", RMS_EPS);
        t.add("rope_scaling", JsonNull.INSTANCE);
        t.addProperty("rope_theta", ropeTheta);
        t.addProperty("tie_word_embeddings", false);
        t.addProperty("use_cache", true);
        t.addProperty("vocab_size", vocab);
        return t;
    }

    private static JsonObject visionConfig() {
        JsonObject v = new JsonObject();
        v.addProperty("attention_dropout", 0.0);
        v.addProperty("hidden_act", "quick_gelu");
        v.addProperty("hidden_size", VISION_HIDDEN);
        v.addProperty("image_size", IMAGE_SIZE);
        v.addProperty("initializer_factor", 1.0);
        v.addProperty("initializer_range", 0.02);
        v.addProperty("intermediate_size", VISION_MLP);
        v.addProperty("layer_norm_eps", VISION_LN_EPS);
        v.addProperty("model_type", "clip_vision_model");
        v.addProperty("num_attention_heads", VISION_HEADS);
        v.addProperty("num_channels", 3);
        v.addProperty("num_hidden_layers", VISION_LAYERS);
        v.addProperty("patch_size", PATCH);
        v.addProperty("projection_dim", VISION_HIDDEN);
        return v;
    }

    static JsonObject generationConfig(boolean llava) {
        JsonObject g = new JsonObject();
        g.addProperty("_from_model_config", true);
        g.addProperty("bos_token_id", DemoVocabulary.bosId());
        g.addProperty("eos_token_id", DemoVocabulary.eosId());
        g.addProperty("pad_token_id", llava ? DemoVocabulary.padId() : DemoVocabulary.unkId());
        g.addProperty("transformers_version", TRANSFORMERS);
        return g;
    }

    /** CLIPImageProcessor as llava-1.5 uses it: shortest edge 336, centre crop 336, bicubic. */
    static JsonObject preprocessorConfig() {
        JsonObject p = new JsonObject();
        JsonObject crop = new JsonObject();
        crop.addProperty("height", IMAGE_SIZE);
        crop.addProperty("width", IMAGE_SIZE);
        p.add("crop_size", crop);
        p.addProperty("do_center_crop", true);
        p.addProperty("do_convert_rgb", true);
        p.addProperty("do_normalize", true);
        p.addProperty("do_rescale", true);
        p.addProperty("do_resize", true);
        p.add("image_mean", HfJson.numbers(ClipNormalisation.MEAN));
        p.addProperty("image_processor_type", "CLIPImageProcessor");
        p.add("image_std", HfJson.numbers(ClipNormalisation.STD));
        p.addProperty("resample", 3);
        p.addProperty("rescale_factor", ClipNormalisation.RESCALE);
        JsonObject size = new JsonObject();
        size.addProperty("shortest_edge", IMAGE_SIZE);
        p.add("size", size);
        return p;
    }

    static void write(Path file, JsonObject json) throws IOException {
        HfJson.write(file, json);
    }
}
