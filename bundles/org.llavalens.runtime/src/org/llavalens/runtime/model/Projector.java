package org.llavalens.runtime.model;

import ai.djl.ndarray.NDArray;

/** LLaVA's multi_modal_projector: linear_2(act(linear_1(x))), both with bias. */
final class Projector {

    static final String PREFIX = "multi_modal_projector.";

    private final WeightLoader weights;
    private final String activation;

    Projector(WeightLoader weights, String activation) {
        this.weights = weights;
        this.activation = activation;
    }

    NDArray apply(NDArray features) {
        NDArray hidden = Ops.linear(features, weights.matrix(PREFIX + "linear_1.weight", "projector.linear_1.weight"),
                weights.get(PREFIX + "linear_1.bias", "projector.linear_1.bias"));
        return Ops.linear(Ops.activation(activation, hidden),
                weights.matrix(PREFIX + "linear_2.weight", "projector.linear_2.weight"),
                weights.get(PREFIX + "linear_2.bias", "projector.linear_2.bias"));
    }
}
