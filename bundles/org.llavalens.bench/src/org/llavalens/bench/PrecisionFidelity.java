package org.llavalens.bench;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import org.llavalens.attribution.FrozenNormUnembedding;
import org.llavalens.attribution.HeadId;
import org.llavalens.attribution.HeadScores;
import org.llavalens.attribution.LogProbIncrease;
import org.llavalens.runtime.compute.ComputeDevice;
import org.llavalens.runtime.compute.ComputeSettings;
import org.llavalens.runtime.compute.Precision;
import org.llavalens.runtime.model.LoadedModel;
import org.llavalens.runtime.model.ModelLoader;
import org.llavalens.runtime.model.PreparedInput;
import org.llavalens.runtime.trace.CaptureSpec;
import org.llavalens.runtime.trace.ForwardTrace;

/**
 * What half precision costs an explanation: one input through a model in fp32 and in fp16 on the same
 * device, and the head scores S^(l,h) of fp32's predicted token from both. The attribution itself
 * (frozen norm, unembedding, log-softmax) is fp32 in both runs; only the forward pass differs.
 */
public final class PrecisionFidelity {

    /** The heads compared for overlap. */
    public static final int TOP = 10;

    /**
     * @param maxAbsDeltaS max over heads of |S_fp16 - S_fp32|
     * @param topOverlap   heads shared by the two top-{@link #TOP} lists (of {@code min(TOP, heads)})
     */
    public record Figures(String name, int heads, int argmaxFp32, int argmaxFp16, double maxAbsDeltaS,
            int topOverlap, int topCompared) {
        public boolean argmaxAgrees() {
            return argmaxFp32 == argmaxFp16;
        }
    }

    private PrecisionFidelity() {
    }

    public static Figures compare(String name, Path folder, ComputeDevice device,
            Function<LoadedModel, PreparedInput> input) {
        Run fp32 = run(folder, new ComputeSettings(device, Precision.FP32), input, -1);
        Run fp16 = run(folder, new ComputeSettings(device, Precision.FP16), input, fp32.argmax);
        double[][] a = fp32.scores.raw();
        double[][] b = fp16.scores.raw();
        double max = 0;
        int heads = 0;
        for (int l = 0; l < a.length; l++) {
            for (int h = 0; h < a[l].length; h++) {
                max = Math.max(max, Math.abs(a[l][h] - b[l][h]));
                heads++;
            }
        }
        int k = Math.min(TOP, heads);
        List<HeadId> topA = fp32.scores.ranked().subList(0, k);
        Set<HeadId> topB = new HashSet<>(fp16.scores.ranked().subList(0, k));
        int overlap = (int) topA.stream().filter(topB::contains).count();
        return new Figures(name, heads, fp32.argmax, fp16.argmax, max, overlap, k);
    }

    private record Run(int argmax, HeadScores scores) {
    }

    /** @param target the token to score, or -1 for this run's own argmax */
    private static Run run(Path folder, ComputeSettings compute, Function<LoadedModel, PreparedInput> input,
            int target) {
        try (LoadedModel model = ModelLoader.load(folder, compute)) {
            ForwardTrace trace = model.forward(input.apply(model), CaptureSpec.ATTRIBUTION, null);
            int argmax = argmax(trace.logits());
            HeadScores scores = new LogProbIncrease(trace, FrozenNormUnembedding.of(trace), target < 0 ? argmax : target)
                    .headAndLayerScores().heads();
            return new Run(argmax, scores);
        }
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
