package org.llavalens.runtime.model;

import ai.djl.ndarray.NDArray;

/**
 * The decoder layers' parameters: the loader and the prefix their names start with, which every
 * parameter name is made from ({@code PREFIX layers.L.MODULE.weight}).
 *
 * @param prefix the decoder's parameter prefix ("language_model.model." or "model.")
 */
record LayerWeights(WeightLoader loader, String prefix) {

    /** A parameter's full name, e.g. {@code model.layers.3.self_attn.q_proj.weight}. */
    String name(int layer, String parameter) {
        return prefix + "layers." + layer + "." + parameter;
    }

    /** A linear module's weight matrix, e.g. {@code self_attn.q_proj} of layer 3 (reported as "q_proj"). */
    NDArray matrix(int layer, String module) {
        return loader.matrix(name(layer, module + ".weight"), role(module));
    }

    /** A norm's weight vector, e.g. {@code input_layernorm}. */
    NDArray vector(int layer, String module) {
        return loader.get(name(layer, module + ".weight"), role(module));
    }

    private static String role(String module) {
        return module.substring(module.lastIndexOf('.') + 1);
    }
}
