package org.llavalens.runtime.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import org.llavalens.runtime.io.DType;
import org.llavalens.runtime.io.SafetensorsWriter;

import com.google.gson.Gson;

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
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("architectures", new String[] {"LlamaForCausalLM"});
        config.put("model_type", "llama");
        config.put("hidden_size", hidden);
        config.put("intermediate_size", intermediate);
        config.put("num_hidden_layers", layers);
        config.put("num_attention_heads", heads);
        config.put("num_key_value_heads", kvHeads);
        config.put("vocab_size", vocab);
        config.put("max_position_embeddings", 4096);
        config.put("rms_norm_eps", 1e-5);
        config.put("rope_theta", 10000.0);
        config.put("tie_word_embeddings", false);
        config.put("bos_token_id", 1);
        config.put("eos_token_id", 2);
        config.put("torch_dtype", dtype == DType.F32 ? "float32" : dtype == DType.F16 ? "float16" : "bfloat16");
        try {
            Files.createDirectories(folder);
            Files.writeString(folder.resolve("config.json"), new Gson().toJson(config));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int hd = hidden / heads;
        SafetensorsWriter writer = new SafetensorsWriter(dtype);
        long[] counter = {seed};
        add(writer, "model.embed_tokens.weight", counter, 1.0, vocab, hidden);
        for (int l = 0; l < layers; l++) {
            String p = "model.layers." + l + ".";
            add(writer, p + "self_attn.q_proj.weight", counter, 1 / Math.sqrt(hidden), heads * hd, hidden);
            add(writer, p + "self_attn.k_proj.weight", counter, 1 / Math.sqrt(hidden), kvHeads * hd, hidden);
            add(writer, p + "self_attn.v_proj.weight", counter, 1 / Math.sqrt(hidden), kvHeads * hd, hidden);
            add(writer, p + "self_attn.o_proj.weight", counter, 1 / Math.sqrt(heads * hd), hidden, heads * hd);
            add(writer, p + "mlp.gate_proj.weight", counter, 1 / Math.sqrt(hidden), intermediate, hidden);
            add(writer, p + "mlp.up_proj.weight", counter, 1 / Math.sqrt(hidden), intermediate, hidden);
            add(writer, p + "mlp.down_proj.weight", counter, 1 / Math.sqrt(intermediate), hidden, intermediate);
            norm(writer, p + "input_layernorm.weight", hidden);
            norm(writer, p + "post_attention_layernorm.weight", hidden);
        }
        norm(writer, "model.norm.weight", hidden);
        add(writer, "lm_head.weight", counter, 1 / Math.sqrt(hidden), vocab, hidden);
        writer.write(folder);
    }

    private static void add(SafetensorsWriter writer, String name, long[] counter, double scale, long rows, long cols) {
        long seed = counter[0]++;
        writer.add(name, new long[] {rows, cols}, dest -> {
            SplittableRandom random = new SplittableRandom(seed);
            long n = rows * cols;
            for (long i = 0; i < n; i++) {
                // Uniform with the variance of N(0, scale^2): cheaper than Gaussian for billions of values.
                dest.put((float) ((random.nextDouble() * 2 - 1) * scale * 1.7320508));
            }
        });
    }

    private static void norm(SafetensorsWriter writer, String name, int hidden) {
        float[] ones = new float[hidden];
        java.util.Arrays.fill(ones, 1f);
        writer.add(name, new long[] {hidden}, ones);
    }
}
