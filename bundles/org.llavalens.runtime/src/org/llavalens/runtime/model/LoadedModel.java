package org.llavalens.runtime.model;

import java.nio.file.Path;

import org.eclipse.core.runtime.IProgressMonitor;
import org.llavalens.runtime.config.ModelConfig;
import org.llavalens.runtime.io.WeightSource;
import org.llavalens.runtime.trace.CaptureSpec;
import org.llavalens.runtime.trace.ForwardTrace;
import org.llavalens.runtime.trace.TraceModelInfo;

/**
 * A model folder opened for analysis: its config, its memory-mapped weights and the runtime that
 * runs them. The attribution and UI layers hold one of these per model; closing it releases the
 * mapped files and native memory, after which its traces can no longer compute contributions.
 */
public final class LoadedModel implements AutoCloseable {

    private final Path folder;
    private final LlavaRuntime runtime;
    private final WeightSource weights;

    LoadedModel(Path folder, LlavaRuntime runtime, WeightSource weights) {
        this.folder = folder;
        this.runtime = runtime;
        this.weights = weights;
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

    public LlavaRuntime runtime() {
        return runtime;
    }

    /** Ids (one {@code <image>} id or an expanded run) and pixel values (null for text only). */
    public PreparedInput prepare(float[] pixelValues, int[] ids) {
        return runtime.prepare(ids, pixelValues);
    }

    public ForwardTrace forward(PreparedInput input, CaptureSpec spec, IProgressMonitor monitor) {
        return runtime.forward(input, spec, monitor);
    }

    /** Greedy continuation ids, EOS included when reached. */
    public int[] generate(PreparedInput input, int maxNewTokens, IProgressMonitor monitor) {
        return runtime.generate(input, maxNewTokens, monitor);
    }

    public PatchAblation ablation(PreparedInput input, IProgressMonitor monitor) {
        return runtime.ablation(input, monitor);
    }

    @Override
    public void close() {
        try {
            runtime.close();
        } finally {
            weights.close();
        }
    }
}
