package org.llavalens.bench.hf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import org.llavalens.runtime.io.DType;
import org.llavalens.runtime.io.SafetensorsWriter;

/**
 * A LLaMA folder of any shape with deterministic random weights (matrices ~ N(0, 1/fan_in), norms
 * near 1), for benchmarks of model shapes we cannot ship. Numbers in it mean nothing.
 */
public final class SyntheticLlama {

    private SyntheticLlama() {
    }

    /** Writes config.json and model.safetensors into {@code folder}. */
    public static void write(Path folder, int hidden, int heads, int kvHeads, int intermediate, int layers, int vocab,
            DType dtype, long seed) {
        HfConfigs.TextShape shape = new HfConfigs.TextShape(hidden, heads, kvHeads, intermediate, layers, vocab, 4096,
                1e-5, 10000.0, 1, 2);
        int hd = hidden / heads;
        SafetensorsWriter writer = new SafetensorsWriter(dtype);
        RandomTensors random = new RandomTensors(writer, seed);
        random.uniform("model.embed_tokens.weight", 1.0, vocab, hidden);
        for (int l = 0; l < layers; l++) {
            String p = "model.layers." + l + ".";
            random.uniform(p + "self_attn.q_proj.weight", 1 / Math.sqrt(hidden), heads * hd, hidden);
            random.uniform(p + "self_attn.k_proj.weight", 1 / Math.sqrt(hidden), kvHeads * hd, hidden);
            random.uniform(p + "self_attn.v_proj.weight", 1 / Math.sqrt(hidden), kvHeads * hd, hidden);
            random.uniform(p + "self_attn.o_proj.weight", 1 / Math.sqrt(heads * hd), hidden, heads * hd);
            random.uniform(p + "mlp.gate_proj.weight", 1 / Math.sqrt(hidden), intermediate, hidden);
            random.uniform(p + "mlp.up_proj.weight", 1 / Math.sqrt(hidden), intermediate, hidden);
            random.uniform(p + "mlp.down_proj.weight", 1 / Math.sqrt(intermediate), hidden, intermediate);
            random.norm(p + "input_layernorm", hidden, false);
            random.norm(p + "post_attention_layernorm", hidden, false);
        }
        random.norm("model.norm", hidden, false);
        random.uniform("lm_head.weight", 1 / Math.sqrt(hidden), vocab, hidden);
        try {
            new HfFolderWriter(folder).config(HfConfigs.llamaConfig(shape, 0, HfConfigs.torchDtype(dtype)))
                    .weights(writer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
