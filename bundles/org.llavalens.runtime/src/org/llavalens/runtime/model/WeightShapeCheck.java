package org.llavalens.runtime.model;

import java.util.Arrays;

import org.llavalens.runtime.config.ModelConfig;
import org.llavalens.runtime.config.TextConfig;
import org.llavalens.runtime.io.ModelFormatException;
import org.llavalens.runtime.io.WeightSource;

/**
 * Whether the stored tensors have the shapes config.json implies, checked from the headers before
 * any weight is read, so that a mismatched folder fails at load with the tensor's name and not
 * mid-forward with a broadcasting error.
 */
final class WeightShapeCheck {

    private final ModelConfig config;
    private final WeightSource source;

    WeightShapeCheck(ModelConfig config, WeightSource source) {
        this.config = config;
        this.source = source;
    }

    void check(LlamaDecoder decoder, String embeddingName, String unembeddingName, String finalNormName) {
        TextConfig text = config.text();
        long d = text.hiddenSize();
        long qWidth = (long) text.numHeads() * text.headDim();
        long kvWidth = (long) text.numKeyValueHeads() * text.headDim();
        expect(embeddingName, text.vocabSize(), d);
        expect(unembeddingName, text.vocabSize(), d);
        for (int l = 0; l < text.numLayers(); l++) {
            expect(decoder.layerName(l, "self_attn.q_proj.weight"), qWidth, d);
            expect(decoder.layerName(l, "self_attn.k_proj.weight"), kvWidth, d);
            expect(decoder.layerName(l, "self_attn.v_proj.weight"), kvWidth, d);
            expect(decoder.layerName(l, "self_attn.o_proj.weight"), d, qWidth);
            expect(decoder.layerName(l, "mlp.gate_proj.weight"), text.intermediateSize(), d);
            expect(decoder.layerName(l, "mlp.up_proj.weight"), text.intermediateSize(), d);
            expect(decoder.layerName(l, "mlp.down_proj.weight"), d, text.intermediateSize());
            expect(decoder.layerName(l, "input_layernorm.weight"), d);
            expect(decoder.layerName(l, "post_attention_layernorm.weight"), d);
        }
        expect(finalNormName, d);
        config.vision().ifPresent(v -> {
            expect(VisionTower.PREFIX + "embeddings.patch_embedding.weight", v.hiddenSize(), v.numChannels(),
                    v.patchSize(), v.patchSize());
            expect(VisionTower.PREFIX + "embeddings.position_embedding.weight", v.numPatches() + 1, v.hiddenSize());
            expect(Projector.PREFIX + "linear_1.weight", -1, v.hiddenSize());
            expect(Projector.PREFIX + "linear_2.weight", d, -1);
        });
    }

    /** A negative expected size matches any. */
    private void expect(String name, long... shape) {
        long[] actual = source.info(name).shape();
        boolean ok = actual.length == shape.length;
        for (int i = 0; ok && i < shape.length; i++) {
            ok = shape[i] < 0 || shape[i] == actual[i];
        }
        if (!ok) {
            throw new ModelFormatException("tensor " + name + " has shape " + Arrays.toString(actual)
                    + "; config.json implies " + Arrays.toString(shape));
        }
    }
}
