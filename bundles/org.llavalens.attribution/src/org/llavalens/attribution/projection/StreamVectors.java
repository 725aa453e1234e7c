package org.llavalens.attribution.projection;

import org.llavalens.runtime.trace.ForwardTrace;

/**
 * The vectors of the residual stream that the logit lens reads (method.md §3), named as in the
 * paper: residual x^l_j, head contribution c^(l,h)_j, head output o^(l,h), and the parts written by
 * attention (sum_(k<l) a^k_j) and by MLPs (sum_(k<l) f^k_j) before layer l.
 */
public final class StreamVectors {

    private StreamVectors() {
    }

    /** x^l_j, l in [0, L] (L = the raw final residual). */
    public static float[] residual(ForwardTrace trace, int layer, int position) {
        return trace.residual(layer, position);
    }

    public static float[] headContribution(ForwardTrace trace, int layer, int head, int position) {
        return trace.headContributions(layer, head)[position];
    }

    /** o^(l,h) at the last position. */
    public static float[] headOutput(ForwardTrace trace, int layer, int head) {
        return trace.headOutput(layer, head);
    }

    /** sum_(k<l) a^k_j: what attention blocks wrote into position j before layer l. */
    public static float[] attentionWritten(ForwardTrace trace, int layer, int position) {
        double[] sum = new double[trace.model().hiddenSize()];
        for (int k = 0; k < layer; k++) {
            accumulate(sum, trace.attentionOutputAt(k, position));
        }
        return toFloat(sum);
    }

    /** sum_(k<l) f^k_j: what MLPs wrote into position j before layer l. */
    public static float[] mlpWritten(ForwardTrace trace, int layer, int position) {
        double[] sum = new double[trace.model().hiddenSize()];
        for (int k = 0; k < layer; k++) {
            accumulate(sum, trace.mlpOutputAt(k, position));
        }
        return toFloat(sum);
    }

    /**
     * sum_(k<l) a^k_j for every l in [1, L] (row l - 1), summed once over the layers rather than once
     * per layer.
     */
    public static float[][] attentionWrittenByLayer(ForwardTrace trace, int position) {
        return writtenByLayer(trace, position, true);
    }

    /** sum_(k<l) f^k_j for every l in [1, L] (row l - 1). */
    public static float[][] mlpWrittenByLayer(ForwardTrace trace, int position) {
        return writtenByLayer(trace, position, false);
    }

    private static float[][] writtenByLayer(ForwardTrace trace, int position, boolean attention) {
        int layers = trace.model().numLayers();
        double[] sum = new double[trace.model().hiddenSize()];
        float[][] out = new float[layers][];
        for (int k = 0; k < layers; k++) {
            accumulate(sum, attention ? trace.attentionOutputAt(k, position) : trace.mlpOutputAt(k, position));
            out[k] = toFloat(sum);
        }
        return out;
    }

    private static void accumulate(double[] sum, float[] v) {
        for (int i = 0; i < sum.length; i++) {
            sum[i] += v[i];
        }
    }

    private static float[] toFloat(double[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) v[i];
        }
        return out;
    }
}
