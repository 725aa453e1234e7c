package org.llavalens.attribution.baseline;

import org.eclipse.core.runtime.IProgressMonitor;
import org.llavalens.runtime.trace.ImageAblation;

/**
 * The causal baseline: for every image patch, rerun with its embedding replaced and score the drop
 * log p(b) - log p(b | patch replaced) (method.md §2). P extra forward passes: the cost the
 * log-increase method avoids, so its wall time is recorded with the scores.
 */
public final class CausalAblation {

    /** Drops per patch and the time the reruns took. */
    public record Result(double[] drops, double baselineLogProb, ImageAblation.Replacement replacement,
            double millis) {
    }

    private CausalAblation() {
    }

    public static Result run(ImageAblation ablation, int target, int patches, ImageAblation.Replacement replacement,
            IProgressMonitor monitor) {
        long t0 = System.nanoTime();
        double base = ablation.baselineLogProb(target);
        int[] all = new int[patches];
        for (int k = 0; k < patches; k++) {
            all[k] = k;
        }
        double[] lp = ablation.logProbWithPatchReplaced(target, all, replacement, monitor);
        if (lp.length != patches) {
            throw new IllegalStateException("ablation returned " + lp.length + " log-probabilities for " + patches + " patches");
        }
        double[] drops = new double[patches];
        for (int k = 0; k < patches; k++) {
            drops[k] = base - lp[k];
        }
        return new Result(drops, base, replacement, (System.nanoTime() - t0) / 1e6);
    }
}
