package org.llavalens.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

import org.llavalens.attribution.HeadAggregation;
import org.llavalens.bench.hf.SyntheticLlava;
import org.llavalens.attribution.TargetSelector;
import org.llavalens.attribution.TargetToken;
import org.llavalens.attribution.method.MethodContext;
import org.llavalens.attribution.method.MethodRegistry;
import org.llavalens.attribution.method.MethodRunner;
import org.llavalens.attribution.method.builtin.AverageAttentionMethod;
import org.llavalens.attribution.method.builtin.LogProbIncreaseMethod;
import org.llavalens.attribution.result.MethodResult;
import org.llavalens.runtime.io.DType;
import org.llavalens.runtime.model.LoadedModel;
import org.llavalens.runtime.model.ModelLoader;
import org.llavalens.runtime.model.PatchAblation;
import org.llavalens.runtime.model.PreparedInput;
import org.llavalens.runtime.trace.CaptureSpec;
import org.llavalens.runtime.trace.ForwardTrace;
import org.llavalens.runtime.trace.ImageAblation;

/**
 * The paper's efficiency claim, measured on this machine in one run: (forward with capture + full
 * attribution) / plain forward, and causal patch ablation / (forward + attribution). Uses a
 * synthetic LLaVA with LLaMA-7B's hidden size, heads, MLP and vocabulary but few decoder layers;
 * the causal baseline is timed over a sample of patches and scaled to all P (each rerun costs the
 * same), which the output says.
 */
public final class AttributionBenchmark {

    /** Measured seconds (medians) and what they were measured on. */
    public record Figures(SyntheticLlava.Shape shape, int tokens, int patches, double plainSeconds,
            double captureForwardSeconds, double attributionSeconds, double headScoreSeconds, int ablatedSample,
            double ablationSetupSeconds, double ablationSampleSeconds) {

        public double forwardPlusAttribution() {
            return captureForwardSeconds + attributionSeconds;
        }

        /** (forward with capture + attribution) / plain forward. */
        public double overheadRatio() {
            return forwardPlusAttribution() / plainSeconds;
        }

        /** All P reruns, scaled from the sample. */
        public double causalSeconds() {
            return ablationSetupSeconds + ablationSampleSeconds * patches / ablatedSample;
        }

        public double causalOverOurs() {
            return causalSeconds() / forwardPlusAttribution();
        }

        /**
         * The same ratio for a 32-layer decoder, assuming forward time grows linearly with layers
         * (the vision tower and unembedding are a small share) and that only head scores
         * (L x (H + 3) vectors) grow with layers in the attribution.
         */
        public double overheadRatioAt(int layers) {
            double scale = (double) layers / shape.layers();
            double plain = plainSeconds * scale;
            double capture = captureForwardSeconds * scale;
            double attribution = attributionSeconds + headScoreSeconds * (scale - 1);
            return (capture + attribution) / plain;
        }
    }

    private AttributionBenchmark() {
    }

    public static Figures run(Path temp, SyntheticLlava.Shape shape, int textTokens, int sample, int repeats,
            Consumer<String> progress) {
        Path folder = temp.resolve("synthetic-llava");
        progress.accept("writing a synthetic LLaVA (hidden " + shape.hidden() + ", vocab " + shape.vocab() + ", "
                + shape.layers() + " layers) to " + folder);
        SyntheticLlava.write(folder, shape, DType.F16, 2411);
        try (LoadedModel model = ModelLoader.load(folder)) {
            SplittableRandom r = new SplittableRandom(5);
            int[] ids = new int[textTokens + 1];
            ids[0] = 1;
            for (int i = 1; i < ids.length; i++) {
                ids[i] = 3 + r.nextInt(shape.imageToken() - 3);
            }
            ids[6] = shape.imageToken();
            int side = SyntheticLlava.IMAGE;
            float[] pixels = new float[3 * side * side];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (float) (r.nextDouble() * 4 - 2);
            }
            PreparedInput input = model.prepare(pixels, ids);
            progress.accept("warm-up forward");
            model.forward(input, CaptureSpec.ATTRIBUTION, null);
            MethodRegistry registry = MethodRegistry.builtIns();
            double[] plain = new double[repeats];
            double[] capture = new double[repeats];
            double[] attribution = new double[repeats];
            double[] headScores = new double[repeats];
            ForwardTrace trace = null;
            for (int i = 0; i < repeats; i++) {
                progress.accept("timed run " + (i + 1) + "/" + repeats);
                long t0 = System.nanoTime();
                model.forward(input, CaptureSpec.MINIMAL, null);
                plain[i] = seconds(t0);
                t0 = System.nanoTime();
                trace = model.forward(input, CaptureSpec.ATTRIBUTION, null);
                capture[i] = seconds(t0);
                t0 = System.nanoTime();
                TargetToken target = TargetSelector.idsOnly().argmax(trace);
                MethodContext ctx = new MethodContext(trace, target, MethodContext.Choices.DEFAULTS, null);
                List<MethodResult> results = new MethodRunner(registry)
                        .run(List.of(LogProbIncreaseMethod.ID, AverageAttentionMethod.ID), ctx, null);
                attribution[i] = seconds(t0);
                for (MethodResult m : results) {
                    if (m.failed()) {
                        throw new IllegalStateException("benchmark method " + m.methodId() + " failed: " + m.error());
                    }
                }
                t0 = System.nanoTime();
                new org.llavalens.attribution.LogProbIncrease(trace, ctx.unembedding(), target.id()).headAndLayerScores();
                headScores[i] = seconds(t0);
            }
            int patches = trace.imageSpan().orElseThrow().length();
            int target = TargetSelector.idsOnly().argmax(trace).id();
            progress.accept("causal baseline: " + sample + " of " + patches + " reruns");
            long t0 = System.nanoTime();
            double setup;
            double sampleSeconds;
            try (PatchAblation ablation = model.ablation(input, null)) {
                ablation.baselineLogProb(target);
                setup = seconds(t0);
                int[] some = new int[sample];
                for (int k = 0; k < sample; k++) {
                    some[k] = k * (patches / sample);
                }
                t0 = System.nanoTime();
                ablation.logProbWithPatchReplaced(target, some, ImageAblation.Replacement.ZEROS, null);
                sampleSeconds = seconds(t0);
            }
            return new Figures(shape, trace.sequenceLength(), patches, RuntimeBenchmark.median(plain),
                    RuntimeBenchmark.median(capture), RuntimeBenchmark.median(attribution),
                    RuntimeBenchmark.median(headScores), sample, setup, sampleSeconds);
        } finally {
            RuntimeBenchmark.delete(folder);
        }
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
