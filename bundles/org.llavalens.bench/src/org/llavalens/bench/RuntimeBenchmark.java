package org.llavalens.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.llavalens.bench.hf.SyntheticLlama;
import org.llavalens.djl.Djl;
import org.llavalens.runtime.compute.ComputeSettings;
import org.llavalens.runtime.config.ConfigLoader;
import org.llavalens.runtime.io.DType;
import org.llavalens.runtime.io.SafetensorsWeights;
import org.llavalens.runtime.io.SafetensorsWriter;
import org.llavalens.runtime.model.LlavaRuntime;
import org.llavalens.runtime.model.PreparedInput;
import org.llavalens.runtime.model.WeightLoader;
import org.llavalens.runtime.model.WeightPlan;
import org.llavalens.runtime.model.WeightResidency;
import org.llavalens.runtime.trace.CaptureSpec;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Measurements behind {@code ./llavalens benchmark runtime}: decoder-layer throughput against GEMM,
 * the cost of trace capture, and safetensors load speed against raw reads. Every ratio comes from
 * {@link Interleaved} runs of its two sides. Each method writes what it needs under a temporary
 * folder and deletes it.
 */
public final class RuntimeBenchmark {

    private RuntimeBenchmark() {
    }

    /** FLOPs of one LLaMA layer over T tokens: projections and MLP, plus QK^T and AV over all T x T pairs. */
    static double layerFlop(int hidden, int heads, int kvHeads, int intermediate, int tokens) {
        int hd = hidden / heads;
        double projections = 2.0 * hidden * ((double) heads * hd * 2 + 2.0 * kvHeads * hd);
        double mlp = 2.0 * 3 * hidden * (double) intermediate;
        double attention = 2.0 * 2 * (double) tokens * heads * hd;
        return tokens * (projections + mlp + attention);
    }

    /** The shape of a LLaMA decoder layer run over {@code tokens} positions. */
    public record LayerShape(int hidden, int heads, int intermediate, int tokens) {
        public static LayerShape llama7b(int tokens) {
            return new LayerShape(4096, 32, 11008, tokens);
        }

        public double gflop() {
            return layerFlop(hidden, heads, heads, intermediate, tokens) / 1e9;
        }

        @Override
        public String toString() {
            return "hidden " + hidden + ", " + heads + " heads, MLP " + intermediate + ", " + tokens + " tokens";
        }
    }

    /** A: an n^3 fp32 GEMM, B: one decoder layer of {@code layer}'s shape, interleaved. */
    public record LayerVsGemm(int gemmN, LayerShape layer, Interleaved.Timings timings) {
        public double gemmGflop() {
            return 2.0 * gemmN * gemmN * gemmN / 1e9;
        }

        public Interleaved.Stats gemmGflops() {
            return perRound(i -> gemmGflop() / timings.aWall()[i]);
        }

        public Interleaved.Stats layerGflops() {
            return perRound(i -> layer.gflop() / timings.bWall()[i]);
        }

        /** The layer's rate over the GEMM's, per round (the two ran next to each other). */
        public Interleaved.Stats fractionOfGemm() {
            return perRound(i -> (layer.gflop() / timings.bWall()[i]) / (gemmGflop() / timings.aWall()[i]));
        }

        private Interleaved.Stats perRound(java.util.function.IntToDoubleFunction f) {
            double[] v = new double[timings.rounds()];
            for (int i = 0; i < v.length; i++) {
                v[i] = f.applyAsDouble(i);
            }
            return Interleaved.Stats.of(v);
        }
    }

    /** A: raw sequential read of a file, B: loading it as fp32 tensors, interleaved. */
    public record LoadVsRead(long bytes, DType dtype, String path, Interleaved.Timings timings) {
        /** Load speed over read speed per round = read time / load time. */
        public Interleaved.Stats ratio() {
            double[] v = new double[timings.rounds()];
            for (int i = 0; i < v.length; i++) {
                v[i] = timings.aWall()[i] / timings.bWall()[i];
            }
            return Interleaved.Stats.of(v);
        }

        public double rawGBps() {
            return bytes / timings.a().median() / 1e9;
        }

        public double loadGBps() {
            return bytes / timings.b().median() / 1e9;
        }
    }

    /**
     * One 7B-shaped decoder layer (fp32, weights resident) interleaved with an n^3 GEMM: the layer's
     * fraction of the GEMM rate comes from runs that sat next to each other in time.
     */
    public static LayerVsGemm layerVsGemm(Path temp, int gemmN, LayerShape shape, int warmup, int rounds) {
        Path folder = temp.resolve("layer");
        SyntheticLlama.write(folder, shape.hidden(), shape.heads(), shape.heads(), shape.intermediate(), 1, 512,
                DType.F16, 7);
        try (SafetensorsWeights weights = SafetensorsWeights.open(folder);
                LlavaRuntime runtime = new LlavaRuntime(ConfigLoader.load(folder), weights, WeightResidency.RESIDENT,
                        "layer");
                NDManager gemmManager = Djl.newManager()) {
            PreparedInput input = runtime.prepare(randomIds(shape.tokens(), 512), null);
            NDArray a = gemmManager.randomUniform(-1, 1, new Shape(gemmN, gemmN));
            NDArray b = gemmManager.randomUniform(-1, 1, new Shape(gemmN, gemmN));
            Runnable gemm = () -> a.matMul(b).close();
            Runnable layer = () -> runtime.decoderLayersOnly(input);
            return new LayerVsGemm(gemmN, shape, Interleaved.run(warmup, rounds, gemm, layer));
        } finally {
            delete(folder);
        }
    }

    /** A peak estimate and how it was made. */
    public record Peak(double gflops, int cores, double ghz, int flopPerCycle, String isa) {
    }

    /**
     * cores x clock x FLOP/cycle: 64 with AVX-512 (two 16-wide fp32 FMA units), 32 with AVX2 + FMA;
     * null if /proc/cpuinfo gives no clock. A turbo clock above the listed one makes the real peak
     * higher.
     */
    public static Peak estimatedPeak() {
        try {
            java.util.List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            double mhz = lines.stream().filter(l -> l.startsWith("cpu MHz")).mapToDouble(l -> Double.parseDouble(
                    l.substring(l.indexOf(':') + 1).trim())).max().orElse(Double.NaN);
            String flags = lines.stream().filter(l -> l.startsWith("flags")).findFirst().orElse("");
            if (Double.isNaN(mhz)) {
                return null;
            }
            boolean avx512 = flags.contains(" avx512f");
            int perCycle = avx512 ? 64 : flags.contains(" fma") ? 32 : 16;
            String isa = avx512 ? "AVX-512" : flags.contains(" fma") ? "AVX2+FMA" : "SSE/AVX";
            int cores = Runtime.getRuntime().availableProcessors();
            return new Peak(cores * mhz / 1000 * perCycle, cores, mhz / 1000, perCycle, isa);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** User + system CPU time of this process (all threads, native ones included), from /proc; NaN elsewhere. */
    static double processCpuMillis() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // Fields after the parenthesised command name; utime and stime are fields 14 and 15, in clock ticks.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10.0;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** The 1-minute load average, or NaN: figures taken while other processes compete are lower. */
    public static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /**
     * A: a plain forward (last logits only), B: a forward with {@link CaptureSpec#ATTRIBUTION} capture,
     * interleaved on one model with resident weights.
     */
    public static Interleaved.Timings capture(Path temp, int hidden, int heads, int intermediate, int layers, int vocab,
            int tokens, int warmup, int rounds) {
        Path folder = temp.resolve("capture");
        SyntheticLlama.write(folder, hidden, heads, heads, intermediate, layers, vocab, DType.F16, 11);
        try (SafetensorsWeights weights = SafetensorsWeights.open(folder);
                LlavaRuntime runtime = new LlavaRuntime(ConfigLoader.load(folder), weights, WeightResidency.RESIDENT,
                        "capture")) {
            PreparedInput input = runtime.prepare(randomIds(tokens, vocab), null);
            return Interleaved.run(warmup, rounds, () -> runtime.logits(input, null),
                    () -> runtime.forward(input, CaptureSpec.ATTRIBUTION, null));
        } finally {
            delete(folder);
        }
    }

    /**
     * Writes a safetensors file of about {@code bytes} in {@code dtype} (F16 or BF16), then interleaves
     * a raw sequential read of it with the runtime's load path: every tensor converted to fp32 through
     * a {@link WeightLoader} with the given placement (FP32_STREAMED: one open model whose first pass,
     * the warm-up, allocated its slots, so a run is what a streamed pass pays; FP32_RESIDENT: a model
     * opened per run, upcast once into kept tensors in fresh memory). Both sides read a file in the
     * page cache.
     */
    public static LoadVsRead load(Path temp, long bytes, DType dtype, WeightPlan.Placement placement, int warmup,
            int rounds) {
        Path folder = temp.resolve("load-" + dtype);
        int rows = 4096;
        int cols = 4096;
        long perTensor = (long) dtype.bytes() * rows * cols;
        int tensors = (int) Math.max(1, bytes / perTensor);
        SafetensorsWriter writer = new SafetensorsWriter(dtype);
        for (int t = 0; t < tensors; t++) {
            int salt = t;
            writer.add("tensor." + t, new long[] {rows, cols}, dest -> {
                for (int i = 0, n = rows * cols; i < n; i++) {
                    dest.put(((i * 31 + salt) % 2048 - 1024) / 1024f);
                }
            });
        }
        try {
            Path file = writer.write(folder).get(0);
            long size = Files.size(file);
            WeightPlan plan = new WeightPlan(placement, ComputeSettings.CPU_FP32, size, size / dtype.bytes() * 4, 0);
            try (SafetensorsWeights weights = SafetensorsWeights.open(folder); NDManager manager = Djl.newManager();
                    WeightLoader model = new WeightLoader(weights, manager, plan)) {
                ByteBuffer buffer = ByteBuffer.allocateDirect(64 << 20);
                Runnable read = () -> rawRead(file, buffer);
                Runnable load = () -> {
                    if (placement == WeightPlan.Placement.FP32_STREAMED) {
                        // A streamed model's slots are allocated by its first pass (here the warm-up);
                        // every later pass converts into them, as this run does.
                        loadAll(model, weights);
                        return;
                    }
                    try (WeightLoader fresh = new WeightLoader(weights, manager, plan)) {
                        loadAll(fresh, weights);
                    }
                };
                return new LoadVsRead(size, dtype, placement.name(), Interleaved.run(warmup, rounds, read, load));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            delete(folder);
        }
    }

    private static void loadAll(WeightLoader loader, SafetensorsWeights weights) {
        for (String name : weights.names()) {
            loader.get(name, "tensor");
        }
    }

    /**
     * Reads the file sequentially into one reused 64 MiB buffer (the definition the earlier figures
     * used; a buffer small enough to stay in the CPU cache would measure the cache, not a read).
     */
    private static void rawRead(Path file, ByteBuffer buffer) {
        buffer.clear();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (channel.read(buffer) >= 0) {
                buffer.clear();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int[] randomIds(int tokens, int vocab) {
        SplittableRandom random = new SplittableRandom(3);
        int[] ids = new int[tokens];
        for (int i = 0; i < tokens; i++) {
            ids[i] = 3 + random.nextInt(vocab - 3);
        }
        return ids;
    }

    /** The middle of the timings (the mean of the two middle ones for an even count). */
    public static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Removes a benchmark's scratch folder. */
    public static void delete(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
