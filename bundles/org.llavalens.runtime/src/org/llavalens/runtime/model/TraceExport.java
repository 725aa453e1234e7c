package org.llavalens.runtime.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.llavalens.runtime.io.NpyArray;
import org.llavalens.runtime.trace.ForwardTrace;
import org.llavalens.runtime.trace.HookPoint;
import org.llavalens.runtime.trace.TraceModelInfo;

import com.google.gson.GsonBuilder;

/**
 * Writes a trace as NumPy files named like the reference fixtures' {@code expected/} arrays (so an
 * analyst compares them with the same code) plus {@code trace.json} describing the run.
 */
public final class TraceExport {

    /**
     * The arrays written, in order (image_features and pixel_values only for LLaVA inputs, logits_all
     * only when asked for).
     */
    public static final List<String> ARRAYS = List.of("input_ids", "pixel_values", "logits_last", "logprobs_last",
            "logits_all", "attn_last", "head_out_last", "attn_out_last", "layer_in_last", "layer_out_last",
            "mlp_out_last", "image_features");

    private TraceExport() {
    }

    /**
     * @param pixelValues [C, S, S] as the vision tower read them, or null
     * @param extra       more entries for trace.json (e.g. the command line, the prompt)
     * @return the files written
     */
    public static List<Path> write(Path out, ForwardTrace trace, float[] pixelValues, int target,
            Map<String, Object> extra) {
        return write(out, trace, pixelValues, target, extra, false);
    }

    /**
     * As {@link #write(Path, ForwardTrace, float[], int, Map)}, and with {@code allLogits} also
     * logits_all.npy, float32 [T, V], from a trace captured with {@code CaptureSpec.allLogits}.
     */
    public static List<Path> write(Path out, ForwardTrace trace, float[] pixelValues, int target,
            Map<String, Object> extra, boolean allLogits) {
        TraceModelInfo m = trace.model();
        int layers = m.numLayers();
        int heads = m.numHeads();
        int d = m.hiddenSize();
        int t = trace.sequenceLength();
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + out + ": " + e.getMessage(), e);
        }
        java.util.ArrayList<Path> written = new java.util.ArrayList<>();
        int[] ids = trace.inputIds();
        long[] longIds = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            longIds[i] = ids[i];
        }
        written.add(write(out, "input_ids", NpyArray.ofLongs(longIds, 1, t)));
        if (pixelValues != null) {
            int side = (int) Math.round(Math.sqrt(pixelValues.length / 3.0));
            written.add(write(out, "pixel_values", NpyArray.ofFloats(pixelValues, 1, 3, side, side)));
        }
        float[] logits = trace.logits();
        written.add(write(out, "logits_last", NpyArray.ofFloats(logits, logits.length)));
        written.add(write(out, "logprobs_last", NpyArray.ofFloats(logSoftmax(logits), logits.length)));
        if (allLogits) {
            // Row by row: T x V floats (77 MB for 600 tokens of llava-1.5-7b) are not copied again.
            trace.logitsAt(t - 1); // not captured: fail before a partial file exists
            Path file = out.resolve("logits_all.npy");
            NpyArray.writeFloatRows(file, t, logits.length, trace::logitsAt);
            written.add(file);
        }
        float[] attn = new float[layers * heads * t];
        float[] headOut = new float[layers * heads * d];
        for (int l = 0; l < layers; l++) {
            // Read-only views of the kept hooks: one copy into the stack, none per head.
            trace.activation(HookPoint.PATTERN, l).get(attn, l * heads * t, heads * t);
            trace.activation(HookPoint.RESULT, l).get(headOut, l * heads * d, heads * d);
        }
        written.add(write(out, "attn_last", NpyArray.ofFloats(attn, layers, heads, t)));
        written.add(write(out, "head_out_last", NpyArray.ofFloats(headOut, layers, heads, d)));
        written.add(write(out, "attn_out_last", stack(layers, d, trace::attentionOutput)));
        written.add(write(out, "layer_in_last", stack(layers, d, trace::layerInput)));
        written.add(write(out, "layer_out_last", stack(layers, d, trace::layerOutput)));
        written.add(write(out, "mlp_out_last", stack(layers, d, trace::mlpOutput)));
        Optional<float[][]> features = trace.imageFeatures();
        if (features.isPresent()) {
            float[][] f = features.get();
            float[] flat = new float[f.length * d];
            for (int k = 0; k < f.length; k++) {
                System.arraycopy(f[k], 0, flat, k * d, d);
            }
            written.add(write(out, "image_features", NpyArray.ofFloats(flat, f.length, d)));
        }

        Map<String, Object> json = new LinkedHashMap<>();
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("id", m.modelId());
        model.put("weights_hash", m.weightsHash());
        model.put("layers", layers);
        model.put("heads", heads);
        model.put("kv_heads", m.numKeyValueHeads());
        model.put("hidden", d);
        model.put("vocab", m.vocabSize());
        json.put("model", model);
        json.put("dtype", Map.of("stored", m.dtype(), "compute", "F32"));
        json.put("sequence_length", t);
        trace.imageSpan().ifPresentOrElse(s -> {
            Map<String, Object> span = new LinkedHashMap<>();
            span.put("start", s.start());
            span.put("end", s.end());
            span.put("grid_side", s.gridSide());
            json.put("image_span", span);
        }, () -> json.put("image_span", null));
        Map<String, Object> targetInfo = new LinkedHashMap<>();
        targetInfo.put("id", target);
        targetInfo.put("logit", logits[target]);
        targetInfo.put("logprob", logSoftmax(logits)[target]);
        targetInfo.put("is_argmax", argmax(logits) == target);
        json.put("target_token", targetInfo);
        json.put("timings_ms", trace.timingsMillis());
        json.put("files", written.stream().map(p -> p.getFileName().toString()).toList());
        json.putAll(extra);
        Path traceJson = out.resolve("trace.json");
        try {
            Files.writeString(traceJson, new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(json)
                    + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + traceJson + ": " + e.getMessage(), e);
        }
        written.add(traceJson);
        return written;
    }

    private static Path write(Path out, String name, NpyArray array) {
        Path file = out.resolve(name + ".npy");
        array.write(file);
        return file;
    }

    private static NpyArray stack(int layers, int d, java.util.function.IntFunction<float[]> row) {
        float[] flat = new float[layers * d];
        for (int l = 0; l < layers; l++) {
            System.arraycopy(row.apply(l), 0, flat, l * d, d);
        }
        return NpyArray.ofFloats(flat, layers, d);
    }

    /** log_softmax computed in float64, stored as float32 (as the fixtures compute logprobs_last). */
    static float[] logSoftmax(float[] logits) {
        double lse = logSumExp(logits);
        float[] out = new float[logits.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (logits[i] - lse);
        }
        return out;
    }

    /** log(sum(exp(v))) in float64, shifted by the maximum so it cannot overflow. */
    public static double logSumExp(float[] v) {
        double max = Double.NEGATIVE_INFINITY;
        for (float x : v) {
            max = Math.max(max, x);
        }
        double sum = 0;
        for (float x : v) {
            sum += Math.exp(x - max);
        }
        return max + Math.log(sum);
    }

    public static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
