package org.llavalens.runtime.model;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;
import org.llavalens.runtime.trace.ImageAblation;
import org.llavalens.runtime.trace.ImageSpan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;

/**
 * The causal baseline: for each image patch, its embedding replaced and the model rerun.
 *
 * <p>Attention is causal, so replacing the embedding at position p changes nothing before p. The
 * unmodified sequence therefore runs once into a KV cache, and each rerun starts at its replaced
 * position with the cache of everything before it: on average half the image is skipped, on top
 * of the text before the image. Reruns go {@value #BATCH} at a time, patches in position order; a
 * batch starts at its first patch (later rows of the batch recompute a few unchanged positions
 * exactly as the first pass did). Batches hold the runtime's lock one by one, so other work on the
 * model interleaves.
 */
public final class PatchAblation implements ImageAblation, AutoCloseable {

    static final int BATCH = 8;

    private final LlavaRuntime runtime;
    private final NDManager manager;
    private final KvCache cache;
    private final int length;
    private final int hidden;
    private final ImageSpan span;
    /** Input embeddings of every position, [T * D]. */
    private final float[] embeddings;
    private final float[] meanFeature;
    private final float[] baselineLogProbs;
    private boolean closed;

    PatchAblation(LlavaRuntime runtime, PreparedInput input, IProgressMonitor monitor) {
        this.runtime = runtime;
        this.manager = runtime.manager().newSubManager();
        this.span = input.imageSpan().orElseThrow();
        this.hidden = runtime.config().text().hiddenSize();
        this.length = input.length();
        this.cache = new KvCache(runtime.config().text().numLayers());
        SubMonitor progress = SubMonitor.convert(monitor, "Preparing ablation", 2);
        try {
            NDArray features = runtime.imageFeatures(manager, input.pixelsUnsafe());
            NDArray x = runtime.embed(manager, input, features);
            embeddings = x.toFloatArray();
            features.close();
            meanFeature = new float[hidden];
            int patches = span.patchCount();
            for (int k = 0; k < patches; k++) {
                int row = span.patchPosition(k) * hidden;
                for (int i = 0; i < hidden; i++) {
                    meanFeature[i] += embeddings[row + i] / patches;
                }
            }
            progress.split(1);
            NDArray last = runtime.decoder().run(x, 0, cache, null, null);
            baselineLogProbs = logProbs(last, 1)[0];
            cache.freeze();
            progress.split(1);
        } catch (RuntimeException e) {
            cache.close();
            manager.close();
            throw e;
        }
    }

    @Override
    public double baselineLogProb(int target) {
        checkTarget(target);
        return baselineLogProbs[target];
    }

    @Override
    public double[] logProbWithPatchReplaced(int target, int[] patches, Replacement replacement,
            IProgressMonitor monitor) {
        checkTarget(target);
        for (int k : patches) {
            span.patchPosition(k);
        }
        Integer[] order = IntStream.range(0, patches.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingInt(i -> patches[i]));
        SubMonitor progress = SubMonitor.convert(monitor, "Ablating image patches", patches.length);
        double[] out = new double[patches.length];
        for (int from = 0; from < order.length; from += BATCH) {
            int n = Math.min(BATCH, order.length - from);
            int first = span.patchPosition(patches[order[from]]);
            int rows = length - first;
            float[] batch = new float[n * rows * hidden];
            for (int b = 0; b < n; b++) {
                int base = b * rows * hidden;
                System.arraycopy(embeddings, first * hidden, batch, base, rows * hidden);
                int at = base + (span.patchPosition(patches[order[from + b]]) - first) * hidden;
                if (replacement == Replacement.ZEROS) {
                    Arrays.fill(batch, at, at + hidden, 0f);
                } else {
                    System.arraycopy(meanFeature, 0, batch, at, hidden);
                }
            }
            float[][] logProbs;
            synchronized (runtime) {
                checkOpen();
                logProbs = run(batch, n, first);
            }
            for (int b = 0; b < n; b++) {
                out[order[from + b]] = logProbs[b][target];
            }
            progress.split(n);
            if (progress.isCanceled()) {
                throw new OperationCanceledException();
            }
        }
        return out;
    }

    /** log-softmax at the last position for n variants of positions first .. T - 1, [n][V]. */
    private float[][] run(float[] inputs, int n, int first) {
        NDArray x;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            x = manager.create(inputs, new Shape(n, length - first, hidden));
            NDScope.unregister(x);
        }
        try (KvCache prefix = first > 0 ? cache.prefix(first) : null) {
            return logProbs(runtime.decoder().run(x, first, prefix, null, null), n);
        }
    }

    private float[][] logProbs(NDArray last, int n) {
        try (NDArray logits = runtime.lastLogitsTensor(last); NDArray logProbs = logits.logSoftmax(-1)) {
            float[] flat = logProbs.toFloatArray();
            int v = (int) logits.getShape().get(1);
            float[][] out = new float[n][v];
            for (int b = 0; b < n; b++) {
                System.arraycopy(flat, b * v, out[b], 0, v);
            }
            return out;
        }
    }

    private void checkTarget(int target) {
        int vocab = runtime.config().text().vocabSize();
        if (target < 0 || target >= vocab) {
            throw new IllegalArgumentException("target token " + target + " is outside the vocabulary [0, " + vocab + ")");
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("this ablation was closed");
        }
        runtime.checkOpen();
    }

    @Override
    public void close() {
        synchronized (runtime) {
            if (!closed) {
                closed = true;
                cache.close();
                manager.close();
                runtime.forget(this);
            }
        }
    }
}
