package org.llavalens.runtime.model;

import java.util.function.Consumer;

import org.llavalens.runtime.config.VisionConfig;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;

/**
 * The CLIP vision tower as LLaVA uses it: patch embedding (a stride-p convolution without bias,
 * computed as unfold + matmul), class and position embeddings, pre_layrnorm, and the encoder layers
 * up to the hidden state that {@code vision_feature_layer} selects. post_layernorm is not used.
 */
record VisionTower(VisionConfig config, WeightLoader weights, int featureLayer) {

    static final String PREFIX = "vision_tower.vision_model.";

    /** @param visionFeatureLayer index into hidden states [0 .. L] (negative counts from the end) */
    static VisionTower of(VisionConfig config, WeightLoader weights, int visionFeatureLayer) {
        return new VisionTower(config, weights, config.hiddenStateIndex(visionFeatureLayer));
    }

    int pixelCount() {
        return config.numChannels() * config.imageSize() * config.imageSize();
    }

    /**
     * The selected hidden state [1 + P, Dv] (CLS first) for one image [C, S, S]; every hidden state
     * computed on the way (index 0 = after pre_layrnorm) is passed to {@code hiddenStates} if given.
     */
    NDArray selectedHiddenState(NDManager manager, float[] pixels, Consumer<NDArray> hiddenStates) {
        if (pixels.length != pixelCount()) {
            throw new IllegalArgumentException("pixel_values has " + pixels.length + " values; the vision tower needs "
                    + config.numChannels() + " x " + config.imageSize() + " x " + config.imageSize() + " = "
                    + pixelCount());
        }
        NDArray x;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            x = embeddings(manager, pixels);
            // concat puts the result on the class embedding's (weights') manager: move it to the pass.
            x.attach(manager);
            NDScope.unregister(x);
        }
        if (hiddenStates != null) {
            hiddenStates.accept(x);
        }
        for (int l = 0; l < featureLayer; l++) {
            NDArray next;
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                next = layer(l, x);
                NDScope.unregister(next);
            }
            x.close();
            x = next;
            if (hiddenStates != null) {
                hiddenStates.accept(x);
            }
        }
        return x;
    }

    private NDArray embeddings(NDManager manager, float[] pixels) {
        int c = config.numChannels();
        int p = config.patchSize();
        int g = config.gridSide();
        int side = config.imageSize();
        NDArray image = manager.create(pixels, new Shape(c, side, side));
        // [C, g*p, g*p] -> [g, g, C, p, p]: patch (row, col) flattened row-major, as conv + flatten(2) orders them.
        NDArray patches = image.reshape(c, g, p, g, p).transpose(1, 3, 0, 2, 4).reshape((long) g * g, (long) c * p * p);
        NDArray kernel = weights.matrix(PREFIX + "embeddings.patch_embedding.weight", "patch_embedding");
        NDArray patchEmbeds = Ops.linear(patches, kernel.reshape(config.hiddenSize(), (long) c * p * p));
        NDArray cls = weights.get(PREFIX + "embeddings.class_embedding", "class_embedding")
                .reshape(1, config.hiddenSize());
        NDArray embeds = NDArrays.concat(new NDList(cls, patchEmbeds), 0)
                .add(weights.get(PREFIX + "embeddings.position_embedding.weight", "position_embedding"));
        return Ops.layerNorm(embeds, weights.get(PREFIX + "pre_layrnorm.weight", "pre_layrnorm.weight"),
                weights.get(PREFIX + "pre_layrnorm.bias", "pre_layrnorm.bias"), config.layerNormEps());
    }

    private NDArray w(int layer, String role) {
        return weights.get(PREFIX + "encoder.layers." + layer + "." + role, "vision." + role);
    }

    /** A projection weight (F16 in half precision). */
    private NDArray m(int layer, String role) {
        return weights.matrix(PREFIX + "encoder.layers." + layer + "." + role, "vision." + role);
    }

    private NDArray layer(int l, NDArray x) {
        int heads = config.numHeads();
        int hd = config.headDim();
        long n = x.getShape().get(0);
        NDArray h = Ops.layerNorm(x, w(l, "layer_norm1.weight"), w(l, "layer_norm1.bias"), config.layerNormEps());
        NDArray q = Ops.linear(h, m(l, "self_attn.q_proj.weight"), w(l, "self_attn.q_proj.bias"))
                .mul((float) Math.pow(hd, -0.5));
        NDArray k = Ops.linear(h, m(l, "self_attn.k_proj.weight"), w(l, "self_attn.k_proj.bias"));
        NDArray v = Ops.linear(h, m(l, "self_attn.v_proj.weight"), w(l, "self_attn.v_proj.bias"));
        q = q.reshape(n, heads, hd).transpose(1, 0, 2);
        k = k.reshape(n, heads, hd).transpose(1, 0, 2);
        v = v.reshape(n, heads, hd).transpose(1, 0, 2);
        NDArray probs = q.matMul(k.transpose(0, 2, 1)).softmax(-1);
        NDArray z = probs.matMul(v).transpose(1, 0, 2).reshape(n, config.hiddenSize());
        NDArray mid = x.add(Ops.linear(z, m(l, "self_attn.out_proj.weight"), w(l, "self_attn.out_proj.bias")));
        NDArray h2 = Ops.layerNorm(mid, w(l, "layer_norm2.weight"), w(l, "layer_norm2.bias"), config.layerNormEps());
        NDArray inner = Ops.activation(config.hiddenAct(),
                Ops.linear(h2, m(l, "mlp.fc1.weight"), w(l, "mlp.fc1.bias")));
        return mid.add(Ops.linear(inner, m(l, "mlp.fc2.weight"), w(l, "mlp.fc2.bias")));
    }
}
