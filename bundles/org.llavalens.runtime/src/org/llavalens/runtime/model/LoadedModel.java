package org.llavalens.runtime.model;

import java.nio.file.Path;
import java.util.Optional;

import org.eclipse.core.runtime.IProgressMonitor;
import org.llavalens.runtime.config.ModelConfig;
import org.llavalens.runtime.config.PreprocessorConfig;
import org.llavalens.runtime.image.ClipImageProcessor;
import org.llavalens.runtime.image.ImageLoader;
import org.llavalens.runtime.image.PreprocessedImage;
import org.llavalens.runtime.image.RgbImage;
import org.llavalens.runtime.io.WeightSource;
import org.llavalens.runtime.text.Tokenizer;
import org.llavalens.runtime.trace.CaptureSpec;
import org.llavalens.runtime.trace.ForwardTrace;
import org.llavalens.runtime.trace.TraceModelInfo;

/**
 * A model folder opened for analysis: its config, memory-mapped weights, tokenizer, image
 * processor and the runtime that runs them. The attribution and UI layers hold one of these per
 * model; closing it releases the mapped files and native memory, after which its traces can no
 * longer compute contributions.
 */
public final class LoadedModel implements AutoCloseable {

    private final Path folder;
    private final LlavaRuntime runtime;
    private final WeightSource weights;
    private final Optional<Tokenizer> tokenizer;
    private final Optional<ClipImageProcessor> imageProcessor;

    LoadedModel(Path folder, LlavaRuntime runtime, WeightSource weights, Optional<Tokenizer> tokenizer,
            Optional<ClipImageProcessor> imageProcessor) {
        this.folder = folder;
        this.runtime = runtime;
        this.weights = weights;
        this.tokenizer = tokenizer;
        this.imageProcessor = imageProcessor;
    }

    public Path folder() {
        return folder;
    }

    public ModelConfig config() {
        return runtime.config();
    }

    public TraceModelInfo info() {
        return runtime.info();
    }

    /** The hash recorded with every result (over the weight files' headers and sizes). */
    public String weightsHash() {
        return weights.contentHash();
    }

    /** Where the weights live and why: device, precision, free memory (the commands print it). */
    public WeightPlan weightPlan() {
        return runtime.weightPlan();
    }

    public LlavaRuntime runtime() {
        return runtime;
    }

    /** The folder's tokenizer.json, if it has one. */
    public Optional<Tokenizer> tokenizer() {
        return tokenizer;
    }

    /** The folder's image preprocessing (preprocessor_config.json, or llava-1.5's for the tower size). */
    public Optional<ClipImageProcessor> imageProcessor() {
        return imageProcessor;
    }

    /** Text-only ids. */
    public PreparedInput prepare(int[] ids) {
        return runtime.prepare(ids, null);
    }

    /** Ids (one {@code <image>} id or an expanded run) and pixel values (null for text only). */
    public PreparedInput prepare(float[] pixelValues, int[] ids) {
        return runtime.prepare(ids, pixelValues);
    }

    /**
     * A prompt as text (e.g. from {@link org.llavalens.runtime.text.PromptBuilder}) with an image
     * file, or null for text only.
     */
    public PreparedInput prepare(Path imageFile, String prompt, boolean padToSquare) {
        return prepare(imageFile == null ? null : ImageLoader.load(imageFile), prompt, padToSquare);
    }

    /** @param padToSquare the original LLaVA repo's pad-to-square before resizing (HF crops instead) */
    public PreparedInput prepare(RgbImage image, String prompt, boolean padToSquare) {
        int[] ids = encode(prompt);
        return prepare(image == null ? null : preprocess(image, padToSquare), ids);
    }

    /** Pixel values made from an image (null for text only) and ids. */
    public PreparedInput prepare(PreprocessedImage image, int[] ids) {
        return image == null ? runtime.prepare(ids, null) : runtime.prepare(ids, image.pixelValues(), image.geometry());
    }

    public PreprocessedImage preprocess(Path imageFile, boolean padToSquare) {
        return preprocess(ImageLoader.load(imageFile), padToSquare);
    }

    /** The folder's CLIPImageProcessor, optionally switched to pad-to-square. */
    public PreprocessedImage preprocess(RgbImage image, boolean padToSquare) {
        ClipImageProcessor processor = imageProcessor.orElseThrow(() -> new IllegalArgumentException(
                "model " + info().modelId() + " is text-only; it cannot take an image"));
        if (padToSquare != processor.config().padToSquare()) {
            PreprocessorConfig c = processor.config();
            processor = new ClipImageProcessor(new PreprocessorConfig(c.shortestEdge(), c.cropHeight(), c.cropWidth(),
                    c.doResize(), c.doCenterCrop(), c.doRescale(), c.rescaleFactor(), c.doNormalize(), c.imageMean(),
                    c.imageStd(), c.doConvertRgb(), c.resample(), padToSquare));
        }
        return processor.preprocess(image);
    }

    /** The prompt's ids with BOS, as the HF processor tokenizes it. */
    public int[] encode(String prompt) {
        long[] ids = requireTokenizer().encode(prompt);
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = Math.toIntExact(ids[i]);
        }
        return out;
    }

    public String decode(int[] ids) {
        long[] longs = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            longs[i] = ids[i];
        }
        return requireTokenizer().decode(longs, true);
    }

    private Tokenizer requireTokenizer() {
        return tokenizer.orElseThrow(() -> new IllegalStateException(folder + " has no tokenizer.json: give token ids"));
    }

    public ForwardTrace forward(PreparedInput input, CaptureSpec spec, IProgressMonitor monitor) {
        return runtime.forward(input, spec, monitor);
    }

    /** Greedy continuation ids, EOS included when reached. */
    public int[] generate(PreparedInput input, int maxNewTokens, IProgressMonitor monitor) {
        return runtime.generate(input, maxNewTokens, monitor);
    }

    /** Greedy continuation with its text (needs the tokenizer). */
    public Generation generateText(PreparedInput input, int maxNewTokens, IProgressMonitor monitor) {
        int[] ids = runtime.generate(input, maxNewTokens, monitor);
        boolean eos = ids.length > 0 && ids[ids.length - 1] == config().text().eosTokenId();
        return new Generation(ids, decode(ids), eos);
    }

    public PatchAblation ablation(PreparedInput input, IProgressMonitor monitor) {
        return runtime.ablation(input, monitor);
    }

    @Override
    public void close() {
        try {
            runtime.close();
        } finally {
            try {
                weights.close();
            } finally {
                tokenizer.ifPresent(Tokenizer::close);
            }
        }
    }
}
