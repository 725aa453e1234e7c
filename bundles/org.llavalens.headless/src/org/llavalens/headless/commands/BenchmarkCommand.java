package org.llavalens.headless.commands;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.llavalens.headless.cli.Arguments;
import org.llavalens.headless.cli.Command;
import org.llavalens.headless.cli.CommandLine;
import org.llavalens.headless.cli.Console;
import org.llavalens.headless.cli.Help;
import org.llavalens.headless.cli.Option;
import org.llavalens.headless.cli.UsageException;
import org.llavalens.runtime.model.RuntimeBenchmark;

/** {@code ./llavalens benchmark runtime}: speed figures of the model runtime on this machine. */
public final class BenchmarkCommand implements Command {

    @Override
    public String name() {
        return "benchmark";
    }

    @Override
    public String summary() {
        return "measure performance (runtime: decoder layer, capture, load; attribution: cost vs forward and causal)";
    }

    @Override
    public List<String> synopsis() {
        return List.of("benchmark runtime [--tokens N] [--load-gib G] [--repeats R] [--tmp DIR]");
    }

    @Override
    public List<Option> options() {
        return List.of(Option.value("tokens", "N", "sequence length for the 7B-shaped layer and the capture ratio (default 600)"),
                Option.value("load-gib", "G", "size of the safetensors file written for the load test (default 3)"),
                Option.value("repeats", "R", "timed repetitions, the median is reported (default 3)"),
                Option.value("tmp", "DIR", "an existing folder for temporary model files (default: the system temp folder)"));
    }

    @Override
    public String usage() {
        return Help.of(this) + "\n\n" + new AttributionBenchmarkCommand().usage();
    }

    @Override
    public void run(CommandLine commandLine, Console console) throws Exception {
        if (!commandLine.words().isEmpty() && commandLine.words().get(0).equals("attribution")) {
            AttributionBenchmarkCommand attribution = new AttributionBenchmarkCommand();
            attribution.run(new CommandLine(commandLine.words().subList(1, commandLine.words().size()),
                    attribution.options()), console);
            return;
        }
        Arguments args = commandLine.parse();
        int tokens = args.integer("tokens", 600);
        double gib = args.number("load-gib", 3);
        int repeats = args.integer("repeats", 3);
        Path tmpBase = args.existingFolder("tmp", Path.of(System.getProperty("java.io.tmpdir")));
        args.requireAllUsed();
        if (args.positionals().size() != 1 || !args.positionals().get(0).equals("runtime")) {
            throw new UsageException("benchmark needs one benchmark name: runtime");
        }
        if (tokens < 1 || repeats < 1 || gib <= 0) {
            throw new UsageException("--tokens, --repeats and --load-gib must be positive");
        }
        Path temp = Files.createTempDirectory(tmpBase, "llavalens-bench");
        try {
            console.printf("load average at start: %.2f on %d cores", RuntimeBenchmark.loadAverage(),
                    Runtime.getRuntime().availableProcessors());
            console.info("GEMM 4096^3 fp32 ...");
            RuntimeBenchmark.Gemm gemm = RuntimeBenchmark.gemm(4096, repeats);
            RuntimeBenchmark.Peak estimate = RuntimeBenchmark.estimatedPeak();
            Double peak = estimate == null ? null : estimate.gflops();
            console.printf("fp32 GEMM 4096x4096x4096: %.1f GFLOP/s measured (best of %d)", gemm.gflops(), repeats);
            if (peak != null) {
                console.printf("fp32 peak estimate: %.0f GFLOP/s = %d cores x %.2f GHz (/proc/cpuinfo) x %d FLOP/cycle (%s,"
                        + " 2 FMA units)", peak, estimate.cores(), estimate.ghz(), estimate.flopPerCycle(), estimate.isa());
            }

            console.info("7B-shaped decoder layer ...");
            RuntimeBenchmark.LayerTiming layer = RuntimeBenchmark.decoderLayer(temp, 4096, 32, 11008, tokens, repeats);
            console.printf("decoder layer (hidden %d, %d heads, MLP %d) over %d tokens: %.3f s median (best %.3f s),"
                    + " %.1f GFLOP, %.1f GFLOP/s = %.0f%% of the measured GEMM%s", layer.hidden(), layer.heads(),
                    layer.intermediate(), layer.tokens(), layer.seconds(), layer.bestSeconds(), layer.gflop(),
                    layer.gflops(), 100 * layer.gflops() / gemm.gflops(), peak == null ? ""
                            : String.format(java.util.Locale.ROOT, ", %.0f%% of estimated peak",
                                    100 * layer.gflops() / peak));
            console.printf("  process CPU time %.2f s per run: %.1f GFLOP/s with both cores to itself", layer.cpuSeconds(),
                    layer.gflopsIfUnshared());
            console.printf("  so a 32-layer 7B prefill of %d tokens computes in about %.0f s (plus the per-layer"
                    + " upcast of streamed F16/BF16 weights)", layer.tokens(), 32 * layer.seconds());

            console.info("trace capture cost ...");
            RuntimeBenchmark.CaptureRatio capture = RuntimeBenchmark.captureOverhead(temp, 1024, 16, 2816, 8, 32000,
                    tokens, Math.max(repeats, 5));
            console.printf("forward with ATTRIBUTION capture / plain forward: %.3f wall time (medians %.0f / %.0f ms),"
                    + " %.3f process CPU time (%.0f / %.0f ms); %s; %d tokens; weights resident", capture.ratio(),
                    capture.captureMillis(), capture.plainMillis(), capture.cpuRatio(), capture.captureCpuMillis(),
                    capture.plainCpuMillis(), capture.shape(), capture.tokens());
            console.printf("forward with ATTRIBUTION + all-position logits / plain forward: %.3f wall time (median %.0f"
                    + " ms), %.3f process CPU time (%.0f ms); the logits are [%d x vocab] floats", capture.allLogitsRatio(),
                    capture.allLogitsMillis(), capture.allLogitsCpuRatio(), capture.allLogitsCpuMillis(), capture.tokens());

            console.info("safetensors load ...");
            RuntimeBenchmark.LoadSpeed load = RuntimeBenchmark.load(temp, (long) (gib * (1L << 30)));
            console.printf("safetensors F16 load + upcast to fp32: %.2f GB/s vs raw sequential read %.2f GB/s (%.2f GB "
                    + "file just written, page cache warm): ratio %.2f", load.loadGBps(), load.rawGBps(),
                    load.bytes() / 1e9, load.loadGBps() / load.rawGBps());
            console.printf("load average at end: %.2f", RuntimeBenchmark.loadAverage());
        } finally {
            try (var paths = Files.walk(temp)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
