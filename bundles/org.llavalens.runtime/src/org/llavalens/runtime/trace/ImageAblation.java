package org.llavalens.runtime.trace;

import org.eclipse.core.runtime.IProgressMonitor;

/**
 * Reruns of one prepared LLaVA input with single image positions replaced: the causal baseline the
 * paper compares against (method.md §2). Implementations batch the reruns and reuse the KV cache of
 * the text before the image, since every rerun shares that prefix.
 */
public interface ImageAblation {

    /** What an ablated image position holds instead of its projected patch. */
    enum Replacement {
        ZEROS, MEAN_IMAGE_FEATURE
    }

    /** log p(target) at the last position of the unmodified input. */
    double baselineLogProb(int target);

    /**
     * log p(target) at the last position when the embedding of image patch k is replaced, for each k
     * in {@code patches} (patch indices, row-major, not sequence positions).
     */
    double[] logProbWithPatchReplaced(int target, int[] patches, Replacement replacement, IProgressMonitor monitor);
}
