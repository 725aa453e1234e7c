package org.llavalens.runtime.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * LLaMA's default rotary position embedding, computed in float32 as transformers does:
 * inv_freq_j = 1 / theta^(2j / hd), angle = position * inv_freq, cos/sin of cat(angles, angles).
 */
final class RotaryEmbedding {

    private final float[] invFreq;
    private final int headDim;

    RotaryEmbedding(int headDim, double theta) {
        if (headDim % 2 != 0) {
            throw new IllegalArgumentException("head_dim must be even for rotary embeddings, is " + headDim);
        }
        this.headDim = headDim;
        this.invFreq = new float[headDim / 2];
        for (int j = 0; j < invFreq.length; j++) {
            float exponent = (float) (2 * j) / headDim;
            invFreq[j] = 1.0f / (float) Math.pow(theta, exponent);
        }
    }

    /** {cos, sin}, each [count, hd], for positions first .. first + count - 1. */
    NDArray[] cosSin(NDManager manager, int first, int count) {
        float[] cos = new float[count * headDim];
        float[] sin = new float[count * headDim];
        int half = headDim / 2;
        for (int p = 0; p < count; p++) {
            float position = first + p;
            for (int j = 0; j < half; j++) {
                float angle = position * invFreq[j];
                float c = (float) Math.cos(angle);
                float s = (float) Math.sin(angle);
                int base = p * headDim;
                cos[base + j] = c;
                cos[base + j + half] = c;
                sin[base + j] = s;
                sin[base + j + half] = s;
            }
        }
        Shape shape = new Shape(count, headDim);
        return new NDArray[] {manager.create(cos, shape), manager.create(sin, shape)};
    }
}
