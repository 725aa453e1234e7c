package org.llavalens.runtime.model;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;

import org.llavalens.runtime.trace.CaptureSpec;
import org.llavalens.runtime.trace.ForwardTrace;
import org.llavalens.runtime.trace.HookPoint;
import org.llavalens.runtime.trace.ImageSpan;
import org.llavalens.runtime.trace.RowMatrix;
import org.llavalens.runtime.trace.TraceModelInfo;

/**
 * The {@link ForwardTrace} of one pass, held on the Java heap. Head contributions are computed on
 * demand from the captured values and the model's o_proj weights, so the trace stays usable only
 * while its model is open.
 */
final class CapturedTrace implements ForwardTrace {

    private final TraceModelInfo model;
    private final int[] ids;
    private final Optional<ImageSpan> imageSpan;
    private final TraceRecorder recorder;
    private final float[][] imageFeatures;
    private final float[] logits;
    /** [T][V] (the last row is {@link #logits} itself) or null. */
    private final float[][] allLogits;
    private final float[] finalNormWeight;
    private final double finalNormEps;
    private final RowMatrix unembedding;
    private final RowMatrix embedding;
    private final HeadContributions contributions;
    private final Map<String, Double> timings;

    CapturedTrace(TraceModelInfo model, int[] ids, Optional<ImageSpan> imageSpan, TraceRecorder recorder,
            float[][] imageFeatures, float[] logits, float[][] allLogits, float[] finalNormWeight, double finalNormEps,
            RowMatrix unembedding, RowMatrix embedding, HeadContributions contributions, Map<String, Double> timings) {
        this.model = model;
        this.ids = ids.clone();
        this.imageSpan = imageSpan;
        this.recorder = recorder;
        this.imageFeatures = imageFeatures;
        this.logits = logits;
        this.allLogits = allLogits;
        this.finalNormWeight = finalNormWeight;
        this.finalNormEps = finalNormEps;
        this.unembedding = unembedding;
        this.embedding = embedding;
        this.contributions = contributions;
        this.timings = Collections.unmodifiableMap(timings);
    }

    @Override
    public TraceModelInfo model() {
        return model;
    }

    @Override
    public CaptureSpec captured() {
        return recorder.spec;
    }

    @Override
    public FloatBuffer activation(HookPoint hook, int l) {
        if (!has(hook)) {
            throw new IllegalStateException(hook.name(l) + " was not captured: run the forward pass with a "
                    + "CaptureSpec that has " + hook.name() + " (ask ForwardTrace.has first)");
        }
        float[] kept = switch (hook) {
            case LOGITS -> logits;
            case LOGITS_ALL -> allLogitsFlat();
            case RESID_PRE_ALL -> recorder.get(hook, residualIndex(l));
            default -> recorder.get(hook, layer(l));
        };
        return FloatBuffer.wrap(kept).asReadOnlyBuffer();
    }

    /** The rows are kept apart (row T - 1 is {@link #logits}), so this one hook is a copy. */
    private float[] allLogitsFlat() {
        int v = allLogits[0].length;
        float[] flat = new float[allLogits.length * v];
        for (int j = 0; j < allLogits.length; j++) {
            System.arraycopy(allLogits[j], 0, flat, j * v, v);
        }
        return flat;
    }

    private int residualIndex(int l) {
        if (l < 0 || l > model.numLayers()) {
            throw new IndexOutOfBoundsException("residual index " + l + " of 0.." + model.numLayers());
        }
        return l;
    }

    @Override
    public int[] inputIds() {
        return ids.clone();
    }

    @Override
    public int sequenceLength() {
        return ids.length;
    }

    @Override
    public Optional<ImageSpan> imageSpan() {
        return imageSpan;
    }

    private int layer(int l) {
        if (l < 0 || l >= model.numLayers()) {
            throw new IndexOutOfBoundsException("layer " + l + " of " + model.numLayers());
        }
        return l;
    }

    private int head(int h) {
        if (h < 0 || h >= model.numHeads()) {
            throw new IndexOutOfBoundsException("head " + h + " of " + model.numHeads());
        }
        return h;
    }

    @Override
    public float[] layerInput(int l) {
        return recorder.get(HookPoint.RESID_PRE, layer(l)).clone();
    }

    @Override
    public float[] attentionOutput(int l) {
        return recorder.get(HookPoint.ATTN_OUT, layer(l)).clone();
    }

    @Override
    public float[] mlpOutput(int l) {
        return recorder.get(HookPoint.MLP_OUT, layer(l)).clone();
    }

    @Override
    public float[] layerOutput(int l) {
        return recorder.get(HookPoint.RESID_POST, layer(l)).clone();
    }

    @Override
    public float[] attentionWeights(int l, int h) {
        int t = ids.length;
        return Arrays.copyOfRange(recorder.get(HookPoint.PATTERN, layer(l)), head(h) * t, (h + 1) * t);
    }

    @Override
    public float[][] meanAttention(int l) {
        if (!has(HookPoint.PATTERN_HEAD_MEAN)) {
            throw new IllegalStateException("attention matrices were not captured: run the forward pass with "
                    + "CaptureSpec.attentionMatrices (e.g. CaptureSpec.FULL)");
        }
        int t = ids.length;
        float[] flat = recorder.get(HookPoint.PATTERN_HEAD_MEAN, layer(l));
        float[][] rows = new float[t][];
        for (int i = 0; i < t; i++) {
            rows[i] = Arrays.copyOfRange(flat, i * t, (i + 1) * t);
        }
        return rows;
    }

    @Override
    public float[] headOutput(int l, int h) {
        int d = model.hiddenSize();
        return Arrays.copyOfRange(recorder.get(HookPoint.RESULT, layer(l)), head(h) * d, (h + 1) * d);
    }

    @Override
    public float[][] headContributions(int l, int h) {
        if (!has(HookPoint.V)) {
            throw new IllegalStateException("head contributions need the value vectors: run the forward pass with "
                    + "CaptureSpec.values (e.g. CaptureSpec.ATTRIBUTION)");
        }
        return contributions.compute(layer(l), head(h), attentionWeights(l, h), recorder.get(HookPoint.V, l));
    }

    @Override
    public float[] residual(int l, int position) {
        residualIndex(l);
        if (position == ids.length - 1) {
            return l == model.numLayers() ? layerOutput(l - 1) : layerInput(l);
        }
        return allPositions(HookPoint.RESID_PRE_ALL, l, position, "residual");
    }

    @Override
    public float[] attentionOutputAt(int l, int position) {
        if (position == ids.length - 1) {
            return attentionOutput(l);
        }
        return allPositions(HookPoint.ATTN_OUT_ALL, layer(l), position, "attention output");
    }

    @Override
    public float[] mlpOutputAt(int l, int position) {
        if (position == ids.length - 1) {
            return mlpOutput(l);
        }
        return allPositions(HookPoint.MLP_OUT_ALL, layer(l), position, "MLP output");
    }

    private float[] allPositions(HookPoint hook, int l, int position, String what) {
        if (position < 0 || position >= ids.length) {
            throw new IndexOutOfBoundsException("position " + position + " of " + ids.length);
        }
        if (!has(hook)) {
            throw new IllegalStateException("the " + what + " at position " + position
                    + " was not captured: run the forward pass with CaptureSpec.allPositions (e.g. CaptureSpec.FULL)");
        }
        int d = model.hiddenSize();
        return Arrays.copyOfRange(recorder.get(hook, l), position * d, (position + 1) * d);
    }

    @Override
    public Optional<float[][]> imageFeatures() {
        if (imageFeatures == null) {
            return Optional.empty();
        }
        float[][] copy = new float[imageFeatures.length][];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = imageFeatures[i].clone();
        }
        return Optional.of(copy);
    }

    @Override
    public float[] logits() {
        return logits.clone();
    }

    @Override
    public float[][] allLogits() {
        float[][] copy = new float[checkAllLogits().length][];
        for (int j = 0; j < copy.length; j++) {
            copy[j] = allLogits[j].clone();
        }
        return copy;
    }

    @Override
    public float[] logitsAt(int position) {
        float[][] rows = checkAllLogits();
        if (position < 0 || position >= rows.length) {
            throw new IndexOutOfBoundsException("position " + position + " of " + rows.length);
        }
        return rows[position].clone();
    }

    private float[][] checkAllLogits() {
        if (allLogits == null) {
            throw new IllegalStateException(ALL_LOGITS_MISSING);
        }
        return allLogits;
    }

    @Override
    public float[] finalNormWeight() {
        return finalNormWeight.clone();
    }

    @Override
    public double finalNormEps() {
        return finalNormEps;
    }

    @Override
    public RowMatrix unembedding() {
        return unembedding;
    }

    @Override
    public RowMatrix embedding() {
        return embedding;
    }

    @Override
    public Map<String, Double> timingsMillis() {
        return timings;
    }
}
