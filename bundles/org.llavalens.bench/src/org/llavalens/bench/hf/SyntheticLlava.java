package org.llavalens.bench.hf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

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

    public static final int IMAGE = 336;
    static final int PATCH = 14;
    static final int VISION_HIDDEN = 64;
    static final int VISION_LAYERS = 2;
    private static final HfConfigs.VisionShape VISION = new HfConfigs.VisionShape(VISION_HIDDEN, 4 * VISION_HIDDEN, 4,
            VISION_LAYERS, IMAGE, PATCH, 1e-5);

    private SyntheticLlava() {
    }

    public static void write(Path folder, Shape s, DType dtype, long seed) {
        SafetensorsWriter w = new SafetensorsWriter(dtype);
        RandomTensors random = new RandomTensors(w, seed);
        String v = "vision_tower.vision_model.";
        int dv = VISION_HIDDEN;
        int patches = (IMAGE / PATCH) * (IMAGE / PATCH);
        random.uniform(v + "embeddings.class_embedding", 0.5, dv);
        random.uniform(v + "embeddings.patch_embedding.weight", 1 / Math.sqrt(3 * PATCH * PATCH), dv, 3, PATCH, PATCH);
        random.uniform(v + "embeddings.position_embedding.weight", 0.5, patches + 1, dv);
        random.norm(v + "pre_layrnorm", dv, true);
        for (int l = 0; l < VISION_LAYERS; l++) {
            String p = v + "encoder.layers." + l + ".";
            for (String proj : List.of("q_proj", "k_proj", "v_proj", "out_proj")) {
                random.uniform(p + "self_attn." + proj + ".weight", 1 / Math.sqrt(dv), dv, dv);
                random.uniform(p + "self_attn." + proj + ".bias", 0.1, dv);
            }
            random.norm(p + "layer_norm1", dv, true);
            random.norm(p + "layer_norm2", dv, true);
            random.uniform(p + "mlp.fc1.weight", 1 / Math.sqrt(dv), 4 * dv, dv);
            random.uniform(p + "mlp.fc1.bias", 0.1, 4 * dv);
            random.uniform(p + "mlp.fc2.weight", 1 / Math.sqrt(4 * dv), dv, 4 * dv);
            random.uniform(p + "mlp.fc2.bias", 0.1, dv);
        }
        random.norm(v + "post_layernorm", dv, true);
        random.uniform("multi_modal_projector.linear_1.weight", 1 / Math.sqrt(dv), s.hidden(), dv);
        random.uniform("multi_modal_projector.linear_1.bias", 0.1, s.hidden());
        random.uniform("multi_modal_projector.linear_2.weight", 1 / Math.sqrt(s.hidden()), s.hidden(), s.hidden());
        random.uniform("multi_modal_projector.linear_2.bias", 0.1, s.hidden());
        String t = "language_model.model.";
        random.uniform(t + "embed_tokens.weight", 0.5, s.vocab(), s.hidden());
        for (int l = 0; l < s.layers(); l++) {
            String p = t + "layers." + l + ".";
            double in = 1 / Math.sqrt(s.hidden());
            random.uniform(p + "self_attn.q_proj.weight", in, s.hidden(), s.hidden());
            random.uniform(p + "self_attn.k_proj.weight", in, s.hidden(), s.hidden());
            random.uniform(p + "self_attn.v_proj.weight", in, s.hidden(), s.hidden());
            random.uniform(p + "self_attn.o_proj.weight", in, s.hidden(), s.hidden());
            random.uniform(p + "mlp.gate_proj.weight", in, s.intermediate(), s.hidden());
            random.uniform(p + "mlp.up_proj.weight", in, s.intermediate(), s.hidden());
            random.uniform(p + "mlp.down_proj.weight", 1 / Math.sqrt(s.intermediate()), s.hidden(), s.intermediate());
            random.norm(p + "input_layernorm", s.hidden(), false);
            random.norm(p + "post_attention_layernorm", s.hidden(), false);
        }
        random.norm(t + "norm", s.hidden(), false);
        random.uniform("language_model.lm_head.weight", 2 / Math.sqrt(s.hidden()), s.vocab(), s.hidden());
        HfConfigs.TextShape text = new HfConfigs.TextShape(s.hidden(), s.heads(), s.heads(), s.intermediate(),
                s.layers(), s.vocab(), 4096, 1e-5, 10000.0, 1, 2);
        try {
            new HfFolderWriter(folder).config(HfConfigs.llavaConfig(text, VISION, s.imageToken(), s.imageToken() + 1,
                    -2, HfConfigs.torchDtype(dtype))).weights(w);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
