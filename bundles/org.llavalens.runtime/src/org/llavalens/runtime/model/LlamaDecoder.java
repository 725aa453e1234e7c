package org.llavalens.runtime.model;

import org.llavalens.runtime.config.TextConfig;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The LLaMA decoder stack (LlamaDecoderLayer of transformers, eager attention): pre-norm residual
 * blocks with RMSNorm, RoPE, grouped-query attention and a SiLU-gated MLP. Runs any batch size over
 * positions first .. first + S - 1, optionally reading and extending a {@link KvCache}.
 */
final class LlamaDecoder {

    private final TextConfig config;
    private final LayerWeights weights;
    private final RotaryEmbedding rope;

    LlamaDecoder(TextConfig config, LayerWeights weights) {
        config.queriesPerKeyValueHead(); // grouped heads that do not divide fail at load, not mid-pass
        this.config = config;
        this.weights = weights;
        this.rope = new RotaryEmbedding(config.headDim(), config.ropeTheta());
    }

    TextConfig config() {
        return config;
    }

    String layerName(int layer, String parameter) {
        return weights.name(layer, parameter);
    }

    /**
     * Runs every layer over x [B, S, D] (consumed: closed here) and returns the final residual
     * [B, S, D] (before the final norm), owned by the caller.
     */
    NDArray run(NDArray x, int first, KvCache cache, LayerRecorder recorder, Runnable afterLayer) {
        NDManager manager = x.getManager();
        int queries = (int) x.getShape().get(1);
        NDArray[] cosSin = rope.cosSin(manager, first, queries);
        NDArray mask = CausalMask.additive(manager, first, queries);
        NDScope.unregister(cosSin[0], cosSin[1], mask);
        try {
            NDArray current = x;
            for (int l = 0; l < config.numLayers(); l++) {
                NDArray next;
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    next = layer(l, current, cosSin[0], cosSin[1], mask, cache, recorder);
                    NDScope.unregister(next);
                }
                current.close();
                current = next;
                if (afterLayer != null) {
                    afterLayer.run();
                }
            }
            return current;
        } finally {
            cosSin[0].close();
            cosSin[1].close();
            mask.close();
        }
    }

    private NDArray layer(int l, NDArray x, NDArray cos, NDArray sin, NDArray mask, KvCache cache,
            LayerRecorder recorder) {
        int heads = config.numHeads();
        int kvHeads = config.numKeyValueHeads();
        int hd = config.headDim();
        long batch = x.getShape().get(0);
        long queries = x.getShape().get(1);

        NDArray h = Ops.rmsNorm(x, weights.vector(l, "input_layernorm"),
                config.rmsNormEps());
        NDArray q = Ops.linear(h, weights.matrix(l, "self_attn.q_proj"))
                .reshape(batch, queries, heads, hd).transpose(0, 2, 1, 3);
        NDArray k = Ops.linear(h, weights.matrix(l, "self_attn.k_proj"))
                .reshape(batch, queries, kvHeads, hd).transpose(0, 2, 1, 3);
        NDArray vLinear = Ops.linear(h, weights.matrix(l, "self_attn.v_proj"));
        NDArray v = vLinear.reshape(batch, queries, kvHeads, hd).transpose(0, 2, 1, 3);
        q = Ops.applyRope(q, cos, sin);
        k = Ops.applyRope(k, cos, sin);
        if (cache != null && cache.keys(l) != null) {
            k = NDArrays.concat(new NDList(batchOf(cache.keys(l), batch), k), 2);
            v = NDArrays.concat(new NDList(batchOf(cache.values(l), batch), v), 2);
        }
        if (cache != null && !cache.frozen()) {
            cache.update(l, k, v);
        }
        int rep = config.queriesPerKeyValueHead();
        NDArray scores = q.matMul(Ops.repeatKv(k, rep).transpose(0, 1, 3, 2)).div((float) Math.sqrt(hd));
        NDArray probs = scores.add(mask).softmax(-1);
        NDArray z = probs.matMul(Ops.repeatKv(v, rep));
        NDArray oProj = weights.matrix(l, "self_attn.o_proj");
        NDArray attn = Ops.linear(z.transpose(0, 2, 1, 3).reshape(batch, queries, (long) heads * hd), oProj);
        NDArray heads4 = recorder == null ? null : perHeadOutputs(z, oProj);

        NDArray mid = x.add(attn);
        NDArray h2 = Ops.rmsNorm(mid,
                weights.vector(l, "post_attention_layernorm"),
                config.rmsNormEps());
        NDArray gate = Ops.linear(h2, weights.matrix(l, "mlp.gate_proj"));
        NDArray up = Ops.linear(h2, weights.matrix(l, "mlp.up_proj"));
        NDArray mlp = Ops.linear(Ops.silu(gate).mul(up), weights.matrix(l, "mlp.down_proj"));
        NDArray out = mid.add(mlp);
        if (recorder != null) {
            recorder.layer(l, new LayerRecorder.Activations(x, attn, mlp, out, probs, heads4, vLinear));
        }
        return out;
    }

    /**
     * o^(l,h) at the last position: W_O[:, h*hd:(h+1)*hd] z_h for each head, [H, D]. Batch 1 only.
     */
    private NDArray perHeadOutputs(NDArray z, NDArray oProj) {
        int heads = config.numHeads();
        int hd = config.headDim();
        long last = z.getShape().get(2) - 1;
        // Head outputs feed the fp32 attribution: an F16 o_proj is upcast for them.
        NDArray wo = oProj.getDataType() == DataType.FLOAT32 ? oProj : oProj.toType(DataType.FLOAT32, false);
        NDArray zLast = z.get(new NDIndex("0, :, {}, :", last)); // [H, hd]
        NDArray woByHead = wo.reshape(wo.getShape().get(0), heads, hd).transpose(1, 0, 2); // [H, D, hd]
        return woByHead.matMul(zLast.expandDims(2)).squeeze(2);
    }

    private static NDArray batchOf(NDArray cached, long batch) {
        Shape s = cached.getShape();
        if (s.get(0) == batch) {
            return cached;
        }
        return cached.broadcast(new Shape(batch, s.get(1), s.get(2), s.get(3)));
    }
}
