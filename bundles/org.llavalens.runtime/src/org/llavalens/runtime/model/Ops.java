package org.llavalens.runtime.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;

/**
 * The tensor operations of LLaVA-1.5, written as Hugging Face transformers computes them so that
 * results agree to fp32 rounding (method.md §1). DJL lacks rsqrt, fused attention and tril; the
 * replacements here are the same arithmetic.
 */
final class Ops {

    private Ops() {
    }

    /**
     * x W^T (+ b), as torch.nn.functional.linear. With an F16 weight the product runs in half
     * precision (x cast down, the result cast back up) and the bias is added in fp32, as autocast does.
     */
    static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        if (weight.getDataType() == DataType.FLOAT16 && x.getDataType() != DataType.FLOAT16) {
            NDArray y = Linear.linear(x.toType(DataType.FLOAT16, false), weight).singletonOrThrow()
                    .toType(DataType.FLOAT32, false);
            return bias == null ? y : y.add(bias);
        }
        return (bias == null ? Linear.linear(x, weight) : Linear.linear(x, weight, bias)).singletonOrThrow();
    }

    static NDArray linear(NDArray x, NDArray weight) {
        return linear(x, weight, null);
    }

    /** LlamaRMSNorm: g * x / sqrt(mean(x^2) + eps) over the last axis. */
    static NDArray rmsNorm(NDArray x, NDArray weight, double eps) {
        NDArray variance = x.pow(2).mean(new int[] {-1}, true);
        return x.mul(variance.add((float) eps).pow(-0.5f)).mul(weight);
    }

    static NDArray layerNorm(NDArray x, NDArray weight, NDArray bias, double eps) {
        Shape normalized = new Shape(x.getShape().get(x.getShape().dimension() - 1));
        return LayerNorm.layerNorm(x, normalized, weight, bias, (float) eps).singletonOrThrow();
    }

    /** CLIP's quick_gelu: x * sigmoid(1.702 x). */
    static NDArray quickGelu(NDArray x) {
        return x.mul(Activation.sigmoid(x.mul(1.702f)));
    }

    /** Exact (erf) GELU, torch.nn.functional.gelu's default. */
    static NDArray gelu(NDArray x) {
        return Activation.gelu(x);
    }

    static NDArray silu(NDArray x) {
        return x.mul(Activation.sigmoid(x));
    }

    static NDArray activation(String name, NDArray x) {
        return switch (name) {
            case "quick_gelu" -> quickGelu(x);
            case "gelu" -> gelu(x);
            case "silu" -> silu(x);
            default -> throw new IllegalArgumentException("unsupported activation '" + name
                    + "' (supported: quick_gelu, gelu, silu)");
        };
    }

    /** HF rotate_half: cat(-x[..., d/2:], x[..., :d/2]). */
    static NDArray rotateHalf(NDArray x) {
        int axis = x.getShape().dimension() - 1;
        long half = x.getShape().get(axis) / 2;
        NDList parts = x.split(new long[] {half}, axis);
        return NDArrays.concat(new NDList(parts.get(1).neg(), parts.get(0)), axis);
    }

    /** x cos + rotate_half(x) sin, cos/sin [S, hd] broadcast over the leading axes. */
    static NDArray applyRope(NDArray x, NDArray cos, NDArray sin) {
        return x.mul(cos).add(rotateHalf(x).mul(sin));
    }

    /**
     * HF repeat_kv: [B, KV, S, hd] -> [B, KV * rep, S, hd], head h reading kv head h / rep.
     */
    static NDArray repeatKv(NDArray kv, int rep) {
        if (rep == 1) {
            return kv;
        }
        Shape s = kv.getShape();
        return kv.expandDims(2).broadcast(new Shape(s.get(0), s.get(1), rep, s.get(2), s.get(3)))
                .reshape(s.get(0), s.get(1) * rep, s.get(2), s.get(3));
    }
}
