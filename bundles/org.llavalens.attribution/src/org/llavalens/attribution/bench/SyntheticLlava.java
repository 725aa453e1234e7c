package org.llavalens.attribution.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import com.google.gson.GsonBuilder;

import org.llavalens.runtime.io.DType;
import org.llavalens.runtime.io.SafetensorsWriter;

/**
 * A LLaVA folder (llava-hf layout) with deterministic random weights and a chosen decoder shape,
 * for timing attribution at real hidden size and vocabulary without shipping 13 GB. The vision
 * tower is deliberately tiny (its cost is not what is measured) but yields the real 24 x 24 = 576
 * patches at 336 px. Numbers it produces mean nothing.
 */
public final class SyntheticLlava {

    /** The decoder's shape; the vision tower is fixed (336 px, patch 14, hidden 64, 2 layers). */
    public record Shape(int hidden, int heads, int intermediate, int layers, int vocab) {

        /** LLaMA-7B's layer shape and llava-hf's vocabulary, with {@code layers} layers. */
        public static Shape llama7b(int layers) {
            return new Shape(4096, 32, 11008, layers, 32064);
        }

        public int imageToken() {
            return 32000 < vocab ? 32000 : vocab - 2;
        }
    }

    static final int IMAGE = 336;
    static final int PATCH = 14;
    static final int VISION_HIDDEN = 64;
    static final int VISION_LAYERS = 2;

    private SyntheticLlava() {
    }

    public static void write(Path folder, Shape s, DType dtype, long seed) {
        try {
            Files.createDirectories(folder);
            Files.writeString(folder.resolve("config.json"), config(s));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SafetensorsWriter w = new SafetensorsWriter(dtype);
        long[] counter = { seed };
        String v = "vision_tower.vision_model.";
        int dv = VISION_HIDDEN;
        int patches = (IMAGE / PATCH) * (IMAGE / PATCH);
        random(w, v + "embeddings.class_embedding", counter, 0.5, dv);
        random(w, v + "embeddings.patch_embedding.weight", counter, 1 / Math.sqrt(3 * PATCH * PATCH), dv, 3, PATCH, PATCH);
        random(w, v + "embeddings.position_embedding.weight", counter, 0.5, patches + 1, dv);
        norm(w, v + "pre_layrnorm", dv, true);
        for (int l = 0; l < VISION_LAYERS; l++) {
            String p = v + "encoder.layers." + l + ".";
            for (String proj : List.of("q_proj", "k_proj", "v_proj", "out_proj")) {
                random(w, p + "self_attn." + proj + ".weight", counter, 1 / Math.sqrt(dv), dv, dv);
                random(w, p + "self_attn." + proj + ".bias", counter, 0.1, dv);
            }
            norm(w, p + "layer_norm1", dv, true);
            norm(w, p + "layer_norm2", dv, true);
            random(w, p + "mlp.fc1.weight", counter, 1 / Math.sqrt(dv), 4 * dv, dv);
            random(w, p + "mlp.fc1.bias", counter, 0.1, 4 * dv);
            random(w, p + "mlp.fc2.weight", counter, 1 / Math.sqrt(4 * dv), dv, 4 * dv);
            random(w, p + "mlp.fc2.bias", counter, 0.1, dv);
        }
        norm(w, v + "post_layernorm", dv, true);
        random(w, "multi_modal_projector.linear_1.weight", counter, 1 / Math.sqrt(dv), s.hidden(), dv);
        random(w, "multi_modal_projector.linear_1.bias", counter, 0.1, s.hidden());
        random(w, "multi_modal_projector.linear_2.weight", counter, 1 / Math.sqrt(s.hidden()), s.hidden(), s.hidden());
        random(w, "multi_modal_projector.linear_2.bias", counter, 0.1, s.hidden());
        String t = "language_model.model.";
        random(w, t + "embed_tokens.weight", counter, 0.5, s.vocab(), s.hidden());
        for (int l = 0; l < s.layers(); l++) {
            String p = t + "layers." + l + ".";
            double in = 1 / Math.sqrt(s.hidden());
            random(w, p + "self_attn.q_proj.weight", counter, in, s.hidden(), s.hidden());
            random(w, p + "self_attn.k_proj.weight", counter, in, s.hidden(), s.hidden());
            random(w, p + "self_attn.v_proj.weight", counter, in, s.hidden(), s.hidden());
            random(w, p + "self_attn.o_proj.weight", counter, in, s.hidden(), s.hidden());
            random(w, p + "mlp.gate_proj.weight", counter, in, s.intermediate(), s.hidden());
            random(w, p + "mlp.up_proj.weight", counter, in, s.intermediate(), s.hidden());
            random(w, p + "mlp.down_proj.weight", counter, 1 / Math.sqrt(s.intermediate()), s.hidden(), s.intermediate());
            norm(w, p + "input_layernorm", s.hidden(), false);
            norm(w, p + "post_attention_layernorm", s.hidden(), false);
        }
        norm(w, t + "norm", s.hidden(), false);
        random(w, "language_model.lm_head.weight", counter, 2 / Math.sqrt(s.hidden()), s.vocab(), s.hidden());
        w.write(folder);
    }

    private static String config(Shape s) {
        Map<String, Object> text = new LinkedHashMap<>();
        text.put("architectures", List.of("LlamaForCausalLM"));
        text.put("model_type", "llama");
        text.put("hidden_size", s.hidden());
        text.put("intermediate_size", s.intermediate());
        text.put("num_attention_heads", s.heads());
        text.put("num_key_value_heads", s.heads());
        text.put("num_hidden_layers", s.layers());
        text.put("max_position_embeddings", 4096);
        text.put("rms_norm_eps", 1e-5);
        text.put("vocab_size", s.vocab());
        Map<String, Object> vision = new LinkedHashMap<>();
        vision.put("model_type", "clip_vision_model");
        vision.put("hidden_size", VISION_HIDDEN);
        vision.put("intermediate_size", 4 * VISION_HIDDEN);
        vision.put("image_size", IMAGE);
        vision.put("patch_size", PATCH);
        vision.put("num_attention_heads", 4);
        vision.put("num_hidden_layers", VISION_LAYERS);
        vision.put("projection_dim", VISION_HIDDEN);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("architectures", List.of("LlavaForConditionalGeneration"));
        c.put("model_type", "llava");
        c.put("image_token_index", s.imageToken());
        c.put("pad_token_id", s.imageToken() + 1);
        c.put("projector_hidden_act", "gelu");
        c.put("tie_word_embeddings", false);
        c.put("vision_feature_layer", -2);
        c.put("vision_feature_select_strategy", "default");
        c.put("text_config", text);
        c.put("vision_config", vision);
        return new GsonBuilder().setPrettyPrinting().create().toJson(c);
    }

    private static void norm(SafetensorsWriter w, String prefix, int n, boolean bias) {
        float[] ones = new float[n];
        java.util.Arrays.fill(ones, 1f);
        w.add(prefix + ".weight", new long[] { n }, ones);
        if (bias) {
            w.add(prefix + ".bias", new long[] { n }, new float[n]);
        }
    }

    private static void random(SafetensorsWriter w, String name, long[] counter, double scale, long... shape) {
        long seed = counter[0]++;
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        long count = n;
        w.add(name, shape, dest -> {
            SplittableRandom r = new SplittableRandom(seed);
            for (long i = 0; i < count; i++) {
                // uniform with the variance of N(0, scale^2): cheap for a billion values
                dest.put((float) ((r.nextDouble() * 2 - 1) * scale * 1.7320508));
            }
        });
    }
}
