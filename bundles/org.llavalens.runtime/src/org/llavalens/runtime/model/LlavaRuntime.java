package org.llavalens.runtime.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;
import org.llavalens.djl.Djl;
import org.llavalens.runtime.compute.ComputeSettings;
import org.llavalens.runtime.compute.Devices;
import org.llavalens.runtime.config.ModelConfig;
import org.llavalens.runtime.config.TextConfig;
import org.llavalens.runtime.image.CropGeometry;
import org.llavalens.runtime.io.WeightSource;
import org.llavalens.runtime.trace.CaptureSpec;
import org.llavalens.runtime.trace.ForwardTrace;
import org.llavalens.runtime.trace.ImageSpan;
import org.llavalens.runtime.trace.TraceModelInfo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * LLaVA-1.5 (CLIP vision tower + projector + LLaMA decoder) or a LLaMA/Vicuna decoder alone, on
 * DJL's PyTorch engine (fp32 by default; {@link ComputeSettings} picks device and precision), computing what Hugging Face transformers computes (method.md §1).
 * Every size comes from the {@link ModelConfig}.
 *
 * <p>One analysis at a time: the public operations are serialised on this object. Traces and
 * ablations read weights through this runtime and stop working once it is closed.
 */
public final class LlavaRuntime implements AutoCloseable {

    private final ModelConfig config;
    private final TextConfig text;
    private final WeightSource source;
    private final NDManager manager;
    private final WeightLoader loader;
    private final LlamaDecoder decoder;
    private final Optional<VisionTower> vision;
    private final Optional<Projector> projector;
    private final WeightMatrix embedding;
    private final WeightMatrix unembedding;
    private final String finalNormName;
    private final InputValidator validator;
    private final HeadContributions contributions;
    private final TraceModelInfo info;
    private final List<PatchAblation> ablations = new ArrayList<>();
    private float[] finalNormWeight;
    private int allLogitsBlockRows;
    private boolean closed;

    /**
     * @param weights canonical names ({@link WeightSource}); the runtime does not close them
     * @param modelId what the user called the model (folder name), recorded in every trace
     */
    public LlavaRuntime(ModelConfig config, WeightSource weights, WeightResidency residency, String modelId) {
        this(config, weights, ComputeSettings.CPU_FP32, residency, modelId);
    }

    /**
     * @param compute the device and precision; a GPU that is not there fails here
     *                ({@link org.llavalens.runtime.compute.DeviceUnavailableException}, one line)
     */
    public LlavaRuntime(ModelConfig config, WeightSource weights, ComputeSettings compute, WeightResidency residency,
            String modelId) {
        this.config = config;
        this.text = config.text();
        this.source = weights;
        this.manager = Djl.engine().newBaseManager(Devices.resolve(compute.device()));
        this.loader = new WeightLoader(weights, manager,
                WeightPlan.choose(weights, compute, residency, WeightPlan.availableMemoryBytes()));
        String textPrefix = config.isLlava() ? "language_model.model." : "model.";
        String lmHead = config.isLlava() ? "language_model.lm_head.weight" : "lm_head.weight";
        this.decoder = new LlamaDecoder(text, new LayerWeights(loader, textPrefix));
        this.embedding = new WeightMatrix(loader, textPrefix + "embed_tokens.weight");
        this.unembedding = weights.contains(lmHead) || !text.tieWordEmbeddings() ? new WeightMatrix(loader, lmHead)
                : embedding;
        this.finalNormName = textPrefix + "norm.weight";
        this.vision = config.vision().map(v -> VisionTower.of(v, loader, config.visionFeatureLayer()));
        this.projector = config.vision().map(v -> new Projector(loader, config.projectorHiddenAct()));
        this.validator = new InputValidator(config);
        this.contributions = new HeadContributions(text, loader, decoder);
        this.info = new TraceModelInfo(modelId, weights.contentHash(), weights.storedDType().name(), text.numLayers(),
                text.numHeads(), text.numKeyValueHeads(), text.hiddenSize(), text.headDim(), text.vocabSize());
        this.allLogitsBlockRows = PositionLogits.blockRows(text.vocabSize());
        new WeightShapeCheck(config, weights).check(decoder, embedding.name(), unembedding.name(), finalNormName);
    }

    public ModelConfig config() {
        return config;
    }

    public TraceModelInfo info() {
        return info;
    }

    /** Whether weights were converted once and kept, or stream per layer. */
    public boolean residentWeights() {
        return loader.resident();
    }

    /** Where the weights live and why (device, precision, free memory). */
    public WeightPlan weightPlan() {
        return loader.plan();
    }

    /**
     * Validates ids (and pixel values, for LLaVA; null for text only) and expands a single
     * {@code <image>} id into one position per image feature.
     *
     * @throws IllegalArgumentException or {@link org.llavalens.runtime.text.TokenizerException} with a
     *         one-line reason
     */
    public PreparedInput prepare(int[] ids, float[] pixelValues) {
        return validator.prepare(ids, pixelValues, null);
    }

    /** As {@link #prepare(int[], float[])}, remembering how the pixels were cut from the user's image. */
    public PreparedInput prepare(int[] ids, float[] pixelValues, CropGeometry crop) {
        return validator.prepare(ids, pixelValues, crop);
    }

    /** One forward pass capturing what {@code spec} asks for (method.md §2). */
    public synchronized ForwardTrace forward(PreparedInput input, CaptureSpec spec, IProgressMonitor monitor) {
        return pass(input, spec, monitor).trace();
    }

    /** A forward pass that keeps nothing but the last position's logits (the benchmark's baseline). */
    public synchronized float[] logits(PreparedInput input, IProgressMonitor monitor) {
        return pass(input, null, monitor).logits();
    }

    /**
     * Embeds the input (text only: image positions stay token embeddings) and runs the decoder layers,
     * without final norm and logits: what the layers alone cost, which the runtime benchmark sets
     * against a GEMM.
     */
    public synchronized void decoderLayersOnly(PreparedInput input) {
        checkOpen();
        try (NDManager pass = manager.newSubManager()) {
            NDArray x = embed(pass, input, null);
            decoder.run(x, 0, null, null, null).close();
        }
    }

    /** The logits, and the trace when a capture was asked for. */
    private record PassResult(float[] logits, CapturedTrace trace) {
    }

    private PassResult pass(PreparedInput input, CaptureSpec spec, IProgressMonitor monitor) {
        checkOpen();
        SubMonitor progress = SubMonitor.convert(monitor, "Forward pass", text.numLayers() + 2);
        Map<String, Double> timings = new LinkedHashMap<>();
        long start = System.nanoTime();
        try (NDManager pass = manager.newSubManager()) {
            float[][] imageFeatures = null;
            NDArray features = null;
            if (input.pixelsUnsafe() != null) {
                long visionStart = System.nanoTime();
                features = imageFeatures(pass, input.pixelsUnsafe());
                if (spec != null) {
                    imageFeatures = rows(features);
                }
                timings.put("vision", millisSince(visionStart));
            }
            progress.split(1);
            NDArray x = embed(pass, input, features);
            TraceRecorder recorder = spec == null ? null : new TraceRecorder(spec, text.numLayers());
            long decoderStart = System.nanoTime();
            NDArray last = decoder.run(x, 0, null, recorder, () -> step(progress));
            timings.put("decoder", millisSince(decoderStart));
            float[][] allLogits = null;
            try {
                long unembedStart = System.nanoTime();
                float[] logits = lastLogitsOf(last);
                timings.put("unembed", millisSince(unembedStart));
                if (spec != null && spec.allLogits()) {
                    long allStart = System.nanoTime();
                    allLogits = PositionLogits.compute(last, this::unembed, logits, allLogitsBlockRows);
                    timings.put("all_logits", millisSince(allStart));
                }
                progress.split(1);
                if (spec == null) {
                    return new PassResult(logits, null);
                }
                timings.put("capture", recorder.nanos / 1e6);
                timings.put("total", millisSince(start));
                return new PassResult(logits, new CapturedTrace(info, input.ids(), input.imageSpan(), recorder,
                        imageFeatures, logits, allLogits, finalNormWeight(), text.rmsNormEps(), unembedding, embedding,
                        contributions, timings));
            } finally {
                last.close();
            }
        }
    }

    private static void step(SubMonitor progress) {
        progress.split(1);
        if (progress.isCanceled()) {
            throw new OperationCanceledException();
        }
    }

    private static double millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1e6;
    }

    /** The projected image features [P', D] (P' = P, or P + 1 with CLS under "full"). */
    NDArray imageFeatures(NDManager pass, float[] pixels) {
        VisionTower tower = vision.orElseThrow(() -> new IllegalStateException("text-only model has no vision tower"));
        NDArray hidden = tower.selectedHiddenState(pass, pixels, null);
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray selected = validator.keepsCls() ? hidden : hidden.get(new NDIndex("1:"));
            NDArray projected = projector.orElseThrow().apply(selected);
            NDScope.unregister(projected);
            hidden.close();
            return projected;
        }
    }

    /** The vision tower's hidden states up to the selected one, each [1 + P, Dv] (for checks against HF). */
    public synchronized List<float[]> visionHiddenStates(float[] pixels) {
        checkOpen();
        List<float[]> states = new ArrayList<>();
        try (NDManager pass = manager.newSubManager()) {
            vision.orElseThrow().selectedHiddenState(pass, pixels, h -> states.add(h.toFloatArray())).close();
        }
        return states;
    }

    /** Input embeddings [1, T, D] with the image features scattered into the image positions. */
    NDArray embed(NDManager pass, PreparedInput input, NDArray features) {
        int[] ids = input.ids();
        Optional<ImageSpan> span = input.imageSpan();
        if (span.isPresent()) {
            for (int i = span.get().start(); i < span.get().end(); i++) {
                ids[i] = 0; // the <image> id may lie outside embed_tokens; its row is replaced anyway
            }
        }
        NDArray x;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray tokens = embedding.gather(pass, ids);
            if (span.isPresent() && features != null) {
                int from = span.get().start();
                int to = span.get().end();
                NDList parts = new NDList();
                if (from > 0) {
                    parts.add(tokens.get(new NDIndex(":{}", from)));
                }
                parts.add(features);
                if (to < ids.length) {
                    parts.add(tokens.get(new NDIndex("{}:", to)));
                }
                tokens = NDArrays.concat(parts, 0);
            }
            x = tokens.reshape(1, ids.length, text.hiddenSize());
            NDScope.unregister(x);
        }
        return x;
    }

    /** Final RMSNorm and lm_head at the last position of x [B, S, D] (x is closed): [B, V]. */
    NDArray lastLogitsTensor(NDArray x) {
        try {
            return lastLogitsOpen(x);
        } finally {
            x.close();
        }
    }

    private NDArray lastLogitsOpen(NDArray x) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            long last = x.getShape().get(1) - 1;
            NDArray logits = unembed(x.get(new NDIndex(":, {}", last)));
            NDScope.unregister(logits);
            return logits;
        }
    }

    /** Final RMSNorm and lm_head of hidden states [..., D]: [..., V], in the caller's scope. */
    private NDArray unembed(NDArray hidden) {
        NDArray normed = Ops.rmsNorm(hidden, loader.get(finalNormName, "final_norm"), text.rmsNormEps());
        return normed.matMul(unembedding.tensor().transpose());
    }

    /** The last position's logits of x [1, S, D], which stays open. */
    private float[] lastLogitsOf(NDArray x) {
        try (NDArray logits = lastLogitsOpen(x)) {
            return logits.toFloatArray();
        }
    }

    /** Positions per product when the logits of every position are captured (tests use small blocks). */
    void allLogitsBlockRows(int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("block of " + rows + " rows");
        }
        allLogitsBlockRows = rows;
    }

    private synchronized float[] finalNormWeight() {
        if (finalNormWeight == null) {
            finalNormWeight = source.floats(finalNormName);
        }
        return finalNormWeight.clone();
    }

    private static float[][] rows(NDArray matrix) {
        Shape s = matrix.getShape();
        int n = (int) s.get(0);
        int d = (int) s.get(1);
        float[] flat = matrix.toFloatArray();
        float[][] out = new float[n][d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(flat, i * d, out[i], 0, d);
        }
        return out;
    }

    /**
     * Greedy decoding with a KV cache: the ids that follow the input, ending with EOS (included) or
     * after {@code maxNewTokens}.
     */
    public synchronized int[] generate(PreparedInput input, int maxNewTokens, IProgressMonitor monitor) {
        checkOpen();
        SubMonitor progress = SubMonitor.convert(monitor, "Generating", maxNewTokens);
        int[] out = new int[maxNewTokens];
        int produced = 0;
        try (NDManager pass = manager.newSubManager(); KvCache cache = new KvCache(text.numLayers())) {
            NDArray features = input.pixelsUnsafe() != null ? imageFeatures(pass, input.pixelsUnsafe()) : null;
            NDArray x = embed(pass, input, features);
            int first = 0;
            while (produced < maxNewTokens) {
                int length = (int) x.getShape().get(1);
                NDArray last = decoder.run(x, first, cache, null, null);
                int next;
                try (NDArray logits = lastLogitsTensor(last)) {
                    next = (int) logits.argMax(-1).toLongArray()[0];
                }
                out[produced++] = next;
                progress.split(1);
                if (progress.isCanceled()) {
                    throw new OperationCanceledException();
                }
                if (next == text.eosTokenId()) {
                    break;
                }
                first += length;
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    x = embedding.gather(pass, new int[] {next}).reshape(1, 1, text.hiddenSize());
                    NDScope.unregister(x);
                }
            }
        }
        return java.util.Arrays.copyOf(out, produced);
    }

    /**
     * The causal baseline for one LLaVA input: reruns with single image positions replaced, each
     * starting at its replaced position from the KV cache of the unmodified pass. Close it when done
     * (or close the runtime).
     */
    public synchronized PatchAblation ablation(PreparedInput input, IProgressMonitor monitor) {
        checkOpen();
        if (input.imageSpan().isEmpty()) {
            throw new IllegalArgumentException("the input has no image to ablate");
        }
        PatchAblation ablation = new PatchAblation(this, input, monitor);
        ablations.add(ablation);
        return ablation;
    }

    LlamaDecoder decoder() {
        return decoder;
    }

    NDManager manager() {
        return manager;
    }

    WeightMatrix embeddingMatrix() {
        return embedding;
    }

    void forget(PatchAblation ablation) {
        synchronized (this) {
            ablations.remove(ablation);
        }
    }

    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("model " + info.modelId() + " was closed");
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        for (PatchAblation a : new ArrayList<>(ablations)) {
            a.close();
        }
        closed = true;
        contributions.close();
        embedding.close();
        unembedding.close();
        loader.close();
        manager.close();
    }
}
