package org.llavalens.runtime.model;

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

import org.llavalens.djl.Djl;
import org.llavalens.runtime.io.DType;
import org.llavalens.runtime.io.SafetensorsWeights;
import org.llavalens.runtime.io.SafetensorsWriter;
import org.llavalens.runtime.trace.CaptureSpec;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Measurements behind {@code ./llavalens benchmark runtime}: decoder-layer throughput against the
 * machine's fp32 peak, the cost of trace capture, and safetensors load speed against raw reads.
 * Each method writes what it needs under a temporary folder and deletes it.
 */
public final class RuntimeBenchmark {

    private RuntimeBenchmark() {
    }

    /**
     * @param seconds    the median wall time, {@code bestSeconds} the fastest of the timed runs
     * @param cpuSeconds the median process CPU time of a run (all cores together)
     */
    public record LayerTiming(int hidden, int heads, int intermediate, int tokens, double seconds, double bestSeconds,
            double cpuSeconds, double gflop) {
        public double gflops() {
            return gflop / seconds;
        }

        /** What the run would reach with every core to itself: GFLOP per CPU-second times cores. */
        public double gflopsIfUnshared() {
            return gflop / cpuSeconds * Runtime.getRuntime().availableProcessors();
        }
    }

    public record Gemm(int n, double seconds) {
        public double gflops() {
            return 2.0 * n * n * n / seconds / 1e9;
        }
    }

    /**
     * Medians of wall time and of process CPU time: on a machine shared with other work the CPU
     * time ratio is the steadier measure of what capture adds. "capture" is ATTRIBUTION, "allLogits"
     * ATTRIBUTION plus the logits at every position.
     */
    public record CaptureRatio(String shape, int tokens, double plainMillis, double captureMillis,
            double plainCpuMillis, double captureCpuMillis, double allLogitsMillis, double allLogitsCpuMillis) {
        public double ratio() {
            return captureMillis / plainMillis;
        }

        public double cpuRatio() {
            return captureCpuMillis / plainCpuMillis;
        }

        public double allLogitsRatio() {
            return allLogitsMillis / plainMillis;
        }

        public double allLogitsCpuRatio() {
            return allLogitsCpuMillis / plainCpuMillis;
        }
    }

    public record LoadSpeed(long bytes, double rawSeconds, double loadSeconds) {
        public double rawGBps() {
            return bytes / rawSeconds / 1e9;
        }

        public double loadGBps() {
            return bytes / loadSeconds / 1e9;
        }
    }

    /** FLOPs of one LLaMA layer over T tokens: projections and MLP, plus QK^T and AV over all T x T pairs. */
    static double layerFlop(int hidden, int heads, int kvHeads, int intermediate, int tokens) {
        int hd = hidden / heads;
        double projections = 2.0 * hidden * ((double) heads * hd * 2 + 2.0 * kvHeads * hd);
        double mlp = 2.0 * 3 * hidden * (double) intermediate;
        double attention = 2.0 * 2 * (double) tokens * heads * hd;
        return tokens * (projections + mlp + attention);
    }

    /** Median time of one decoder layer of the given shape (fp32, weights resident) over {@code tokens}. */
    public static LayerTiming decoderLayer(Path temp, int hidden, int heads, int intermediate, int tokens, int repeats) {
        Path folder = temp.resolve("layer");
        SyntheticLlama.write(folder, hidden, heads, heads, intermediate, 1, 512, DType.F16, 7);
        try (SafetensorsWeights weights = SafetensorsWeights.open(folder);
                LlavaRuntime runtime = new LlavaRuntime(org.llavalens.runtime.config.ConfigLoader.load(folder), weights,
                        WeightResidency.RESIDENT, "layer")) {
            PreparedInput input = runtime.prepare(randomIds(tokens, 512), null);
            double[] seconds = new double[repeats + 1];
            double[] cpu = new double[repeats + 1];
            for (int r = 0; r <= repeats; r++) {
                try (NDManager pass = runtime.manager().newSubManager()) {
                    NDArray x = runtime.embed(pass, input, null);
                    double cpuStart = processCpuMillis();
                    long start = System.nanoTime();
                    runtime.decoder().run(x, 0, null, null, null).close();
                    seconds[r] = (System.nanoTime() - start) / 1e9;
                    cpu[r] = (processCpuMillis() - cpuStart) / 1e3;
                }
            }
            double[] timed = Arrays.copyOfRange(seconds, 1, seconds.length);
            return new LayerTiming(hidden, heads, intermediate, tokens, median(timed),
                    Arrays.stream(timed).min().orElseThrow(), median(Arrays.copyOfRange(cpu, 1, cpu.length)),
                    layerFlop(hidden, heads, heads, intermediate, tokens) / 1e9);
        } finally {
            delete(folder);
        }
    }

    /** Best of {@code repeats} fp32 products of two n x n matrices on the engine. */
    public static Gemm gemm(int n, int repeats) {
        try (NDManager manager = Djl.newManager()) {
            NDArray a = manager.randomUniform(-1, 1, new Shape(n, n));
            NDArray b = manager.randomUniform(-1, 1, new Shape(n, n));
            a.matMul(b).close();
            double best = Double.MAX_VALUE;
            for (int r = 0; r < repeats; r++) {
                long start = System.nanoTime();
                a.matMul(b).close();
                best = Math.min(best, (System.nanoTime() - start) / 1e9);
            }
            return new Gemm(n, best);
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
     * Median wall time of plain forwards, of forwards with {@link CaptureSpec#ATTRIBUTION} capture and
     * of forwards that also keep the logits at every position.
     */
    public static CaptureRatio captureOverhead(Path temp, int hidden, int heads, int intermediate, int layers,
            int vocab, int tokens, int repeats) {
        Path folder = temp.resolve("capture");
        SyntheticLlama.write(folder, hidden, heads, heads, intermediate, layers, vocab, DType.F16, 11);
        try (SafetensorsWeights weights = SafetensorsWeights.open(folder);
                LlavaRuntime runtime = new LlavaRuntime(org.llavalens.runtime.config.ConfigLoader.load(folder), weights,
                        WeightResidency.RESIDENT, "capture")) {
            PreparedInput input = runtime.prepare(randomIds(tokens, vocab), null);
            runtime.logits(input, null);
            runtime.forward(input, CaptureSpec.ATTRIBUTION, null);
            CaptureSpec withAllLogits = CaptureSpec.ATTRIBUTION.withAllLogits();
            runtime.forward(input, withAllLogits, null);
            double[] plain = new double[repeats];
            double[] capture = new double[repeats];
            double[] all = new double[repeats];
            double[] plainCpu = new double[repeats];
            double[] captureCpu = new double[repeats];
            double[] allCpu = new double[repeats];
            for (int r = 0; r < repeats; r++) {
                double cpu = processCpuMillis();
                long start = System.nanoTime();
                runtime.logits(input, null);
                plain[r] = (System.nanoTime() - start) / 1e6;
                plainCpu[r] = processCpuMillis() - cpu;
                cpu = processCpuMillis();
                start = System.nanoTime();
                runtime.forward(input, CaptureSpec.ATTRIBUTION, null);
                capture[r] = (System.nanoTime() - start) / 1e6;
                captureCpu[r] = processCpuMillis() - cpu;
                cpu = processCpuMillis();
                start = System.nanoTime();
                runtime.forward(input, withAllLogits, null);
                all[r] = (System.nanoTime() - start) / 1e6;
                allCpu[r] = processCpuMillis() - cpu;
            }
            String shape = layers + " layers, hidden " + hidden + ", " + heads + " heads, MLP " + intermediate
                    + ", vocab " + vocab;
            return new CaptureRatio(shape, tokens, median(plain), median(capture), median(plainCpu),
                    median(captureCpu), median(all), median(allCpu));
        } finally {
            delete(folder);
        }
    }

    /**
     * Writes an F16 safetensors file of about {@code bytes}, then times a raw sequential read of it
     * and the runtime's load path (every tensor upcast to fp32 into a reused buffer). Both read a
     * file that was just written, i.e. mostly from the page cache.
     */
    public static LoadSpeed load(Path temp, long bytes) {
        Path folder = temp.resolve("load");
        int rows = 8192;
        int cols = 4096;
        long perTensor = 2L * rows * cols;
        int tensors = (int) Math.max(1, bytes / perTensor);
        SafetensorsWriter writer = new SafetensorsWriter(DType.F16);
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
            double raw = rawRead(file);
            double load;
            try (SafetensorsWeights weights = SafetensorsWeights.open(folder);
                    NDManager manager = Djl.newManager();
                    WeightLoader loader = new WeightLoader(weights, manager, false)) {
                long start = System.nanoTime();
                for (String name : weights.names()) {
                    loader.get(name, "tensor");
                }
                load = (System.nanoTime() - start) / 1e9;
            }
            return new LoadSpeed(size, raw, load);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            delete(folder);
        }
    }

    private static double rawRead(Path file) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocateDirect(64 << 20);
        long start = System.nanoTime();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (channel.read(buffer) >= 0) {
                buffer.clear();
            }
        }
        return (System.nanoTime() - start) / 1e9;
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
