package org.llavalens.headless.commands;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.llavalens.bench.PrecisionFidelity;
import org.llavalens.demo.scene.Animal;
import org.llavalens.demo.scene.Scene;
import org.llavalens.demo.scene.SceneIndex;
import org.llavalens.demo.scene.SceneWriter;
import org.llavalens.headless.cli.Arguments;
import org.llavalens.headless.cli.Console;
import org.llavalens.headless.cli.UsageException;
import org.llavalens.runtime.compute.ComputeDevice;
import org.llavalens.runtime.compute.Devices;
import org.llavalens.runtime.io.DType;
import org.llavalens.runtime.io.NpyArray;
import org.llavalens.bench.Interleaved;
import org.llavalens.runtime.model.PreparedInput;
import org.llavalens.bench.RuntimeBenchmark;
import org.llavalens.runtime.model.WeightPlan;
import org.llavalens.runtime.text.PromptBuilder;

import com.google.gson.GsonBuilder;

/**
 * {@code ./llavalens benchmark runtime}: GEMM rate and a 7B-shaped layer's share of it, the cost of
 * trace capture, load speed against raw reads, and what fp16 costs the head scores. Every ratio is
 * taken from interleaved runs after a warm-up; min / median / max are printed, and {@code --json}
 * writes every figure by name.
 */
final class RuntimeBenchmarkCommand {

    static final String USAGE = """
            usage: ./llavalens benchmark runtime [--quick] [--rounds R] [--tokens N] [--load-gib G] [--json FILE]
                                                 [--device D] [--tmp DIR]
              --quick        small shapes for a CI smoke run (the figures say nothing about speed)
              --rounds R     interleaved rounds per ratio after one warm-up of each side (default 5, quick 3)
              --tokens N     sequence length of the 7B-shaped layer and of the capture ratio (default 600)
              --load-gib G   size of the safetensors files written for the load ratios (default 1)
              --json FILE    also write every figure by name to FILE
              --device D     device of the fp16 fidelity runs (speed figures are fp32 on the CPU)
              --tmp DIR      where temporary model files go (default: the system temp folder)""";

    private final Map<String, Object> figures = new LinkedHashMap<>();

    void run(Arguments args, Console console) throws Exception {
        boolean quick = args.flag("quick");
        int rounds = args.integer("rounds", quick ? 3 : 5);
        int tokens = args.integer("tokens", quick ? 48 : 600);
        double gib = args.number("load-gib", quick ? 1.0 / 16 : 1);
        Path json = args.path("json", null);
        String deviceText = args.get("device", "cpu");
        Path tmpBase = args.existingFolder("tmp", Path.of(System.getProperty("java.io.tmpdir")));
        args.requireAllUsed();
        if (tokens < 2 || rounds < 1 || gib <= 0) {
            throw new UsageException("--tokens (>= 2), --rounds and --load-gib must be positive");
        }
        ComputeDevice device;
        try {
            device = ComputeDevice.parse(deviceText);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Devices.resolve(device);
        Path temp = Files.createTempDirectory(tmpBase, "llavalens-bench");
        try {
            put("quick", quick);
            put("rounds", rounds);
            put("cores", Runtime.getRuntime().availableProcessors());
            put("load_average_start", RuntimeBenchmark.loadAverage());
            console.printf("speed figures: device cpu, precision fp32; fp16 fidelity: device %s; %d interleaved rounds"
                    + " after a warm-up; load average %.2f on %d cores%s", device, rounds,
                    RuntimeBenchmark.loadAverage(), Runtime.getRuntime().availableProcessors(),
                    quick ? " (QUICK: small shapes, figures are a smoke test only)" : "");
            layer(temp, quick, tokens, rounds, console);
            capture(temp, quick, tokens, rounds, console);
            load(temp, (long) (gib * (1L << 30)), rounds, console);
            fidelity(device, console);
            put("load_average_end", RuntimeBenchmark.loadAverage());
            console.printf("load average at end: %.2f", RuntimeBenchmark.loadAverage());
        } finally {
            RuntimeBenchmark.delete(temp);
        }
        if (json != null) {
            Files.writeString(json, new GsonBuilder().setPrettyPrinting().serializeNulls()
                    .create().toJson(figures) + "\n", StandardCharsets.UTF_8);
            console.printf("figures: %s", json.toAbsolutePath());
        }
    }

    private void layer(Path temp, boolean quick, int tokens, int rounds, Console console) {
        int n = quick ? 1024 : 4096;
        RuntimeBenchmark.LayerShape shape = quick ? new RuntimeBenchmark.LayerShape(1024, 16, 2816, tokens)
                : RuntimeBenchmark.LayerShape.llama7b(tokens);
        console.info("GEMM " + n + "^3 interleaved with a decoder layer (" + shape + ") ...");
        RuntimeBenchmark.LayerVsGemm r = RuntimeBenchmark.layerVsGemm(temp, n, shape, 1, rounds);
        Interleaved.Stats gemm = r.gemmGflops();
        Interleaved.Stats layer = r.layerGflops();
        Interleaved.Stats fraction = r.fractionOfGemm();
        stats("gemm_gflops", gemm);
        stats("layer_seconds", r.timings().b());
        stats("layer_gflops", layer);
        stats("layer_fraction_of_gemm", fraction);
        put("gemm_n", n);
        put("layer_shape", shape.toString());
        console.printf("fp32 GEMM %d^3: %s GFLOP/s", n, gemm);
        console.printf("decoder layer (%s), %.1f GFLOP: %s s, %s GFLOP/s", shape, shape.gflop(), r.timings().b(),
                layer);
        console.printf("layer rate / GEMM rate, per round: %s  -> layer_fraction_of_gemm %.3f", fraction,
                fraction.median());
        RuntimeBenchmark.Peak peak = RuntimeBenchmark.estimatedPeak();
        if (peak != null) {
            put("peak_estimate_gflops", peak.gflops());
            console.printf("  fp32 peak estimate %.0f GFLOP/s (%d cores x %.2f GHz x %d FLOP/cycle, %s): GEMM at %.0f%%",
                    peak.gflops(), peak.cores(), peak.ghz(), peak.flopPerCycle(), peak.isa(),
                    100 * gemm.median() / peak.gflops());
        }
        if (!quick) {
            double prefill = 32 * r.timings().b().median();
            put("estimate_7b_prefill_seconds", prefill);
            console.printf("  a 32-layer 7B prefill of %d tokens computes in about %.0f s (32 x the median layer)", tokens,
                    prefill);
        }
    }

    private void capture(Path temp, boolean quick, int tokens, int rounds, Console console) {
        int hidden = quick ? 256 : 1024;
        int heads = quick ? 8 : 16;
        int mlp = quick ? 704 : 2816;
        int layers = quick ? 2 : 8;
        int vocab = quick ? 4000 : 32000;
        console.info("plain forward interleaved with a forward capturing ATTRIBUTION ...");
        Interleaved.Timings t = RuntimeBenchmark.capture(temp, hidden, heads, mlp, layers, vocab, tokens, 1, rounds);
        stats("plain_forward_seconds", t.a());
        stats("capture_forward_seconds", t.b());
        stats("capture_ratio", t.ratio());
        stats("capture_cpu_ratio", t.cpuRatio());
        put("capture_shape", layers + " layers, hidden " + hidden + ", " + heads + " heads, MLP " + mlp + ", vocab "
                + vocab + ", " + tokens + " tokens, weights resident");
        console.printf("plain forward %s s; with capture %s s (%s)", t.a(), t.b(), figures.get("capture_shape"));
        console.printf("capture / plain per round: wall %s, process CPU %s  -> capture_ratio %.3f", t.ratio(),
                t.cpuRatio(), t.ratio().median());
        if (t.ratio().median() < 0.95) {
            console.warn("capture measured faster than no capture: the machine was too noisy; rerun with more --rounds");
        }
    }

    private void load(Path temp, long bytes, int rounds, Console console) {
        Object[][] cases = {{"load", DType.F16, WeightPlan.Placement.FP32_STREAMED},
                {"bf16_load", DType.BF16, WeightPlan.Placement.FP32_STREAMED},
                {"load_once", DType.F16, WeightPlan.Placement.FP32_RESIDENT}};
        for (Object[] c : cases) {
            String key = (String) c[0];
            DType dtype = (DType) c[1];
            WeightPlan.Placement placement = (WeightPlan.Placement) c[2];
            console.info("raw read interleaved with " + dtype + " load to fp32 (" + placement + ") ...");
            RuntimeBenchmark.LoadVsRead r = RuntimeBenchmark.load(temp, bytes, dtype, placement, 1, rounds);
            stats(key + "_ratio", r.ratio());
            put(key + "_gbps", r.loadGBps());
            put(key + "_raw_gbps", r.rawGBps());
            stats(key + "_seconds", r.timings().b());
            stats(key + "_raw_seconds", r.timings().a());
            console.printf("%s -> fp32 %s: %.2f GB/s vs raw read %.2f GB/s (%.2f GB, in the page cache for both);"
                    + " load %s s, read %s s; load speed / read speed per round %s -> %s_ratio %.3f", dtype,
                    placement == WeightPlan.Placement.FP32_STREAMED
                            ? "into reused buffers (a streamed pass; its slots allocated in the warm-up)"
                            : "upcast once into kept tensors (fresh memory)",
                    r.loadGBps(), r.rawGBps(), r.bytes() / 1e9, r.timings().b(), r.timings().a(), r.ratio(), key,
                    r.ratio().median());
        }
    }

    private void fidelity(ComputeDevice device, Console console) throws java.io.IOException {
        List<PrecisionFidelity.Figures> all = new ArrayList<>();
        for (String name : ReferenceCases.ALL) {
            Path folder = ReferenceCases.folder(name);
            all.add(PrecisionFidelity.compare("fixture " + name, folder, device, m -> fixtureInput(m, folder)));
        }
        Path demo = GenerateDemoCommand.defaultFolder();
        Path index = demo == null ? null : demo.resolve("scenes").resolve(SceneWriter.INDEX);
        if (index != null && Files.isRegularFile(index)) {
            Scene scene = SceneIndex.read(index).get(0);
            Animal animal = scene.animals().get(0);
            Path image = demo.resolve("scenes").resolve(scene.fileName());
            all.add(PrecisionFidelity.compare("demo scene 0", demo.resolve("llava"), device, m -> m.prepare(image,
                    PromptBuilder.llava(animal.question(), animal.answerPrefix()), false)));
        } else {
            console.warn("the demo model is not generated: its fp16 figures are missing (./llavalens generate-demo)");
        }
        double worstDs = 0;
        int worstOverlap = Integer.MAX_VALUE;
        int agree = 0;
        for (PrecisionFidelity.Figures f : all) {
            String key = "fp16_" + f.name().replace("fixture ", "").replace(" scene 0", "");
            put(key + "_argmax_agrees", f.argmaxAgrees());
            put(key + "_max_abs_dS", f.maxAbsDeltaS());
            put(key + "_top10_overlap", f.topOverlap());
            put(key + "_heads", f.heads());
            console.printf("fp16 vs fp32 on %s, %s (%d heads): argmax %s (%d / %d), max |dS| %.3e, top-%d overlap %d/%d",
                    device, f.name(), f.heads(), f.argmaxAgrees() ? "agrees" : "DIFFERS", f.argmaxFp32(),
                    f.argmaxFp16(), f.maxAbsDeltaS(), f.topCompared(), f.topOverlap(), f.topCompared());
            worstDs = Math.max(worstDs, f.maxAbsDeltaS());
            worstOverlap = Math.min(worstOverlap, f.topOverlap());
            agree += f.argmaxAgrees() ? 1 : 0;
        }
        put("fp16_argmax_agreement", agree + "/" + all.size());
        put("fp16_max_abs_dS", worstDs);
        put("fp16_top10_overlap", worstOverlap);
        console.printf("fp16 over all cases: argmax agrees %d/%d, worst max |dS| %.3e, worst top-10 overlap %d", agree,
                all.size(), worstDs, worstOverlap);
    }

    private static PreparedInput fixtureInput(org.llavalens.runtime.model.LoadedModel model, Path folder) {
        long[] ids = NpyArray.read(folder.resolve("input_ids.npy")).longs();
        int[] intIds = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            intIds[i] = Math.toIntExact(ids[i]);
        }
        Path pixels = folder.resolve("pixel_values.npy");
        return Files.exists(pixels) ? model.prepare(NpyArray.read(pixels).floats(), intIds) : model.prepare(intIds);
    }

    private void stats(String key, Interleaved.Stats s) {
        put(key, s.median());
        put(key + "_min", s.min());
        put(key + "_max", s.max());
    }

    /** Non-finite numbers become null: JSON has no NaN. */
    private void put(String key, Object value) {
        figures.put(key, value instanceof Double d && !Double.isFinite(d) ? null : value);
    }
}
