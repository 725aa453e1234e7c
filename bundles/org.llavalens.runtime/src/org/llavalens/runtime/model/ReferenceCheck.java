package org.llavalens.runtime.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.llavalens.runtime.compute.ComputeSettings;
import org.llavalens.runtime.config.ConfigLoader;
import org.llavalens.runtime.io.ModelFormatException;
import org.llavalens.runtime.io.NpyArray;
import org.llavalens.runtime.io.SafetensorsWeights;
import org.llavalens.runtime.trace.CaptureSpec;
import org.llavalens.runtime.trace.ForwardTrace;

/**
 * Runs a Hugging Face reference case (a model folder with {@code input_ids.npy}, optionally
 * {@code pixel_values.npy}, and the float32 outputs of transformers in {@code expected/NAME.f32.npy})
 * on a device and precision, and reports the largest absolute difference per array: what
 * {@code ./llavalens selfcheck} prints after an installation.
 */
public final class ReferenceCheck {

    /**
     * @param maxAbsDiff   largest |ours - HF| per compared array (logits_last, layer_in_last, ...)
     * @param argmax       our argmax of the last logits, {@code referenceArgmax} Hugging Face's
     */
    public record Outcome(String fixture, ComputeSettings compute, Map<String, Double> maxAbsDiff, int argmax,
            int referenceArgmax) {
        public double largest() {
            return maxAbsDiff.values().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        }

        public boolean passes(double tolerance) {
            return argmax == referenceArgmax && largest() <= tolerance;
        }
    }

    private ReferenceCheck() {
    }

    public static Outcome run(Path folder, ComputeSettings compute) {
        Path expected = folder.resolve("expected");
        if (!Files.isDirectory(expected)) {
            throw new ModelFormatException(folder + ": not a reference case (no expected/ folder)");
        }
        try (SafetensorsWeights weights = SafetensorsWeights.open(folder);
                LlavaRuntime runtime = new LlavaRuntime(ConfigLoader.load(folder), weights, compute,
                        WeightResidency.AUTO, folder.getFileName().toString())) {
            long[] ids = NpyArray.read(folder.resolve("input_ids.npy")).longs();
            int[] intIds = new int[ids.length];
            for (int i = 0; i < ids.length; i++) {
                intIds[i] = Math.toIntExact(ids[i]);
            }
            Path pixels = folder.resolve("pixel_values.npy");
            PreparedInput input = runtime.prepare(intIds,
                    Files.exists(pixels) ? NpyArray.read(pixels).floats() : null);
            ForwardTrace trace = runtime.forward(input, CaptureSpec.ATTRIBUTION, null);
            int layers = trace.model().numLayers();
            int d = trace.model().hiddenSize();
            Map<String, Double> diffs = new LinkedHashMap<>();
            diffs.put("logits_last", maxDiff(trace.logits(), read(expected, "logits_last"), 0));
            double[] layerIn = read(expected, "layer_in_last");
            double[] layerOut = read(expected, "layer_out_last");
            double in = 0;
            double out = 0;
            for (int l = 0; l < layers; l++) {
                in = Math.max(in, maxDiff(trace.layerInput(l), layerIn, l * d));
                out = Math.max(out, maxDiff(trace.layerOutput(l), layerOut, l * d));
            }
            diffs.put("layer_in_last", in);
            diffs.put("layer_out_last", out);
            if (trace.imageFeatures().isPresent() && Files.exists(expected.resolve("image_features.f32.npy"))) {
                double[] features = read(expected, "image_features");
                float[][] ours = trace.imageFeatures().get();
                double f = 0;
                for (int p = 0; p < ours.length; p++) {
                    f = Math.max(f, maxDiff(ours[p], features, p * ours[p].length));
                }
                diffs.put("image_features", f);
            }
            return new Outcome(folder.getFileName().toString(), compute, diffs, argmax(trace.logits()),
                    argmax(read(expected, "logits_last")));
        }
    }

    private static double[] read(Path expected, String name) {
        return NpyArray.read(expected.resolve(name + ".f32.npy")).doubles();
    }

    private static double maxDiff(float[] ours, double[] reference, int offset) {
        double max = 0;
        for (int i = 0; i < ours.length; i++) {
            double d = Math.abs(ours[i] - reference[offset + i]);
            max = Double.isNaN(d) ? Double.POSITIVE_INFINITY : Math.max(max, d);
        }
        return max;
    }

    static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    private static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
