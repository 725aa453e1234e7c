package org.llavalens.attribution.baseline;

import java.nio.FloatBuffer;

import org.llavalens.runtime.trace.ForwardTrace;
import org.llavalens.runtime.trace.HookPoint;
import org.llavalens.runtime.trace.ImageSpan;

/**
 * The average-attention baseline: mean over all L x H heads of A^l[h, T, j] for j over the image
 * patches, in patch order (method.md §2; under the "full" vision strategy the CLS position that
 * precedes the patches is left out, as it has no place on the heatmap). Cheap, and known to light
 * up attention sinks.
 */
public final class AverageAttention {

    private AverageAttention() {
    }

    public static double[] imageScores(ForwardTrace trace) {
        ImageSpan span = trace.imageSpan()
                .orElseThrow(() -> new IllegalArgumentException("average attention needs an image; this trace has none"));
        int layers = trace.model().numLayers();
        int heads = trace.model().numHeads();
        double[] sum = new double[span.patchCount()];
        int t = trace.sequenceLength();
        for (int l = 0; l < layers; l++) {
            // Every head's last-query weights of layer l, [H * T], read in place.
            FloatBuffer pattern = trace.activation(HookPoint.PATTERN, l);
            for (int h = 0; h < heads; h++) {
                for (int k = 0; k < sum.length; k++) {
                    sum[k] += pattern.get(h * t + span.firstPatch() + k);
                }
            }
        }
        double n = (double) layers * heads;
        for (int k = 0; k < sum.length; k++) {
            sum[k] /= n;
        }
        return sum;
    }
}
