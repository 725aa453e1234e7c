package org.llavalens.attribution;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;
import org.llavalens.runtime.trace.ForwardTrace;

/**
 * The log-probability increase of method.md §2 over one trace and one target b: head scores,
 * layer scores and per-position scores inside a head. Every score is log p(b | ref + w) -
 * log p(b | ref) through the frozen-norm unembedding, with ref = x^l_T (r = x^l_T + a^l_T for the
 * MLP). The references' log-probabilities are computed once and shared.
 */
public final class LogProbIncrease {

    private final ForwardTrace trace;
    private final FrozenNormUnembedding unembedding;
    private final int target;
    private final int layers;
    private final int heads;
    private double[] referenceLogProb;

    public LogProbIncrease(ForwardTrace trace, FrozenNormUnembedding unembedding, int target) {
        unembedding.checkToken(target);
        this.trace = trace;
        this.unembedding = unembedding;
        this.target = target;
        this.layers = trace.model().numLayers();
        this.heads = trace.model().numHeads();
    }

    public int target() {
        return target;
    }

    public FrozenNormUnembedding unembedding() {
        return unembedding;
    }

    /** Head scores and layer scores, from one batch of L * (H + 3) vectors. */
    public record HeadAndLayerScores(HeadScores heads, LayerScores layers) {
    }

    public HeadAndLayerScores headAndLayerScores() {
        int perLayer = heads + 3;
        float[][] vectors = new float[layers * perLayer][];
        for (int l = 0; l < layers; l++) {
            float[] x = trace.layerInput(l);
            float[] a = trace.attentionOutput(l);
            float[] r = add(x, a);
            int base = l * perLayer;
            vectors[base] = x;
            for (int h = 0; h < heads; h++) {
                vectors[base + 1 + h] = add(x, trace.headOutput(l, h));
            }
            vectors[base + 1 + heads] = r;
            vectors[base + 2 + heads] = add(r, trace.mlpOutput(l));
        }
        double[] lp = unembedding.logProbs(vectors, target);
        double[][] s = new double[layers][heads];
        double[] attn = new double[layers];
        double[] mlp = new double[layers];
        double[] ref = new double[layers];
        for (int l = 0; l < layers; l++) {
            int base = l * perLayer;
            ref[l] = lp[base];
            for (int h = 0; h < heads; h++) {
                s[l][h] = lp[base + 1 + h] - ref[l];
            }
            attn[l] = lp[base + 1 + heads] - ref[l];
            mlp[l] = lp[base + 2 + heads] - lp[base + 1 + heads];
        }
        referenceLogProb = ref;
        return new HeadAndLayerScores(new HeadScores(s), new LayerScores(attn, mlp));
    }

    /** log p(b | x^l_T) for every layer. */
    public double[] referenceLogProbs() {
        if (referenceLogProb == null) {
            float[][] xs = new float[layers][];
            for (int l = 0; l < layers; l++) {
                xs[l] = trace.layerInput(l);
            }
            referenceLogProb = unembedding.logProbs(xs, target);
        }
        return referenceLogProb.clone();
    }

    /** S^(l,h)_j for every position j of the sequence (image and text). */
    public double[] positionScores(HeadId head) {
        float[] x = trace.layerInput(head.layer());
        float[][] c = trace.headContributions(head.layer(), head.head());
        float[][] vectors = new float[c.length][];
        for (int j = 0; j < c.length; j++) {
            vectors[j] = add(x, c[j]);
        }
        double[] lp = unembedding.logProbs(vectors, target);
        double ref = referenceLogProbs()[head.layer()];
        for (int j = 0; j < lp.length; j++) {
            lp[j] -= ref;
        }
        return lp;
    }

    /** Position scores of several heads, in the given order; honours cancellation between heads. */
    public Map<HeadId, double[]> positionScores(List<HeadId> wanted, IProgressMonitor monitor) {
        SubMonitor sub = SubMonitor.convert(monitor, "Position scores", wanted.size());
        Map<HeadId, double[]> out = new LinkedHashMap<>();
        for (HeadId id : wanted) {
            if (sub.isCanceled()) {
                throw new OperationCanceledException();
            }
            sub.subTask("head " + id);
            out.put(id, positionScores(id));
            sub.worked(1);
        }
        return out;
    }

    static float[] add(float[] a, float[] b) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] + b[i];
        }
        return out;
    }
}
