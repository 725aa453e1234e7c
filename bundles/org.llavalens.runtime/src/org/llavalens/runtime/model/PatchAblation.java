package org.llavalens.runtime.model;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;
import org.llavalens.runtime.trace.ImageAblation;
import org.llavalens.runtime.trace.ImageSpan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * The causal baseline: for each image patch, its embedding replaced and the model rerun. Every
 * rerun shares the text before the image, so that prefix runs once into a frozen KV cache and the
 * reruns, {@value #BATCH} at a time, start at the first image position. Reruns hold the runtime's
 * lock batch by batch, so other work on the model interleaves.
 */
public final class PatchAblation implements ImageAblation, AutoCloseable {

    static final int BATCH = 8;

    private final LlavaRuntime runtime;
    private final NDManager manager;
    private final KvCache prefix;
    private final int suffixStart;
    private final int suffixLength;
    private final int hidden;
    private final ImageSpan span;
    /** Embeddings of positions suffixStart .. T - 1, [S' * D]. */
    private final float[] suffix;
    private final float[] meanFeature;
    private float[] baselineLogProbs;
    private boolean closed;

    PatchAblation(LlavaRuntime runtime, PreparedInput input, IProgressMonitor monitor) {
        this.runtime = runtime;
        this.manager = runtime.manager().newSubManager();
        this.span = input.imageSpan().orElseThrow();
        this.hidden = runtime.config().text().hiddenSize();
        this.suffixStart = span.start();
        this.suffixLength = input.length() - suffixStart;
        int layers = runtime.config().text().numLayers();
        this.prefix = new KvCache(layers);
        SubMonitor progress = SubMonitor.convert(monitor, "Preparing ablation", 2);
        NDArray features = runtime.imageFeatures(manager, input.pixelsUnsafe());
        NDArray x = runtime.embed(manager, input, features);
        float[] all = x.toFloatArray();
        float[] featureValues = features.toFloatArray();
        int patches = span.patchCount();
        int firstPatchRow = span.firstPatch() - suffixStart;
        meanFeature = new float[hidden];
        for (int k = 0; k < patches; k++) {
            for (int i = 0; i < hidden; i++) {
                meanFeature[i] += featureValues[(firstPatchRow + k) * hidden + i] / patches;
            }
        }
        features.close();
        suffix = new float[suffixLength * hidden];
        System.arraycopy(all, suffixStart * hidden, suffix, 0, suffix.length);
        progress.split(1);
        if (suffixStart > 0) {
            NDArray head;
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                head = x.get(new NDIndex(":, :{}", suffixStart)).duplicate();
                NDScope.unregister(head);
            }
            runtime.decoder().run(head, 0, prefix, null, null).close();
        }
        x.close();
        prefix.freeze();
        progress.split(1);
    }

    @Override
    public double baselineLogProb(int target) {
        checkTarget(target);
        synchronized (runtime) {
            checkOpen();
            if (baselineLogProbs == null) {
                baselineLogProbs = run(suffix, 1)[0];
            }
            return baselineLogProbs[target];
        }
    }

    @Override
    public double[] logProbWithPatchReplaced(int target, int[] patches, Replacement replacement,
            IProgressMonitor monitor) {
        checkTarget(target);
        for (int k : patches) {
            span.patchPosition(k);
        }
        SubMonitor progress = SubMonitor.convert(monitor, "Ablating image patches", patches.length);
        double[] out = new double[patches.length];
        for (int from = 0; from < patches.length; from += BATCH) {
            int n = Math.min(BATCH, patches.length - from);
            float[] batch = new float[n * suffix.length];
            for (int b = 0; b < n; b++) {
                System.arraycopy(suffix, 0, batch, b * suffix.length, suffix.length);
                int row = span.patchPosition(patches[from + b]) - suffixStart;
                int at = b * suffix.length + row * hidden;
                if (replacement == Replacement.ZEROS) {
                    java.util.Arrays.fill(batch, at, at + hidden, 0f);
                } else {
                    System.arraycopy(meanFeature, 0, batch, at, hidden);
                }
            }
            float[][] logProbs;
            synchronized (runtime) {
                checkOpen();
                logProbs = run(batch, n);
            }
            for (int b = 0; b < n; b++) {
                out[from + b] = logProbs[b][target];
            }
            progress.split(n);
            if (progress.isCanceled()) {
                throw new OperationCanceledException();
            }
        }
        return out;
    }

    /** log-softmax of the last position's logits for n suffix variants, [n][V]. */
    private float[][] run(float[] embeddings, int n) {
        NDArray x;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            x = manager.create(embeddings, new Shape(n, suffixLength, hidden));
            NDScope.unregister(x);
        }
        NDArray last = runtime.decoder().run(x, suffixStart, suffixStart > 0 ? prefix : null, null, null);
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
                prefix.close();
                manager.close();
                runtime.forget(this);
            }
        }
    }
}
