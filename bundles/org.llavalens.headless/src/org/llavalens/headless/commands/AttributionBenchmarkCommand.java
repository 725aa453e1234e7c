package org.llavalens.headless.commands;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

import org.llavalens.bench.AttributionBenchmark;
import org.llavalens.bench.hf.SyntheticLlava;
import org.llavalens.headless.cli.Arguments;
import org.llavalens.headless.cli.Command;
import org.llavalens.headless.cli.CommandSpec;
import org.llavalens.headless.cli.Console;
import org.llavalens.headless.cli.UsageException;

/**
 * {@code ./llavalens benchmark attribution}: the cost of explaining an answer, relative to answering
 * it, and relative to the causal baseline. Reached through {@code benchmark}, which owns the verb.
 */
public final class AttributionBenchmarkCommand implements Command {

    private static final CommandSpec SPEC = CommandSpec.parse("""
            benchmark attribution: time forward + attribution vs a plain forward, and the causal baseline vs both
            usage:
              benchmark attribution [--layers N] [--tokens N] [--sample K] [--repeats R] [--tmp DIR]
            options:
              --layers N   decoder layers of the synthetic 7B-shaped LLaVA (default 2; each layer adds ~0.4 GB on disk
                           and ~0.8 GB of memory)
              --tokens N   text tokens around the 576 image positions (default 24)
              --sample K   causal reruns actually timed; scaled to all 576 patches (default 8)
              --repeats R  timed repetitions, medians reported (default 3)
              --tmp DIR    an existing folder for the synthetic model (default: the system temp folder)
            """);

    @Override
    public void run(Arguments args, Console console) throws Exception {
        int layers = args.integer("layers", 2);
        int tokens = args.integer("tokens", 24);
        int sample = args.integer("sample", 8);
        int repeats = args.integer("repeats", 3);
        Path tmpBase = args.existingFolder("tmp", Path.of(System.getProperty("java.io.tmpdir")));
        args.requireAllUsed();
        if (layers < 1 || tokens < 8 || sample < 1 || sample > 576 || repeats < 1) {
            throw new UsageException("--layers, --repeats and --sample (<= 576) must be positive, --tokens at least 8");
        }
        Path temp = Files.createTempDirectory(tmpBase, "llavalens-bench");
        try {
            AttributionBenchmark.Figures f = AttributionBenchmark.run(temp, SyntheticLlava.Shape.llama7b(layers), tokens,
                    sample, repeats, console::info);
            console.printf("model: synthetic LLaVA, hidden %d, %d heads, MLP %d, vocab %d, %d decoder layers; %d positions"
                    + " (%d image patches); fp32 compute on %d cores", f.shape().hidden(), f.shape().heads(),
                    f.shape().intermediate(), f.shape().vocab(), f.shape().layers(), f.tokens(), f.patches(),
                    Runtime.getRuntime().availableProcessors());
            console.printf("plain forward:                         %8.3f s", f.plainSeconds());
            console.printf("forward with attribution capture:      %8.3f s", f.captureForwardSeconds());
            console.printf("attribution (all head scores, layer scores, top-1 head's position scores, average attention): %.3f s",
                    f.attributionSeconds());
            console.printf("(forward + attribution) / plain forward = %.3f   (goal <= 1.2)", f.overheadRatio());
            console.printf("  projected to 32 decoder layers (forward scaled linearly, head scores x32/%d): %.3f",
                    f.shape().layers(), f.overheadRatioAt(32));
            console.printf("causal baseline: setup %.3f s + %d reruns in %.3f s -> all %d reruns ~ %.1f s (scaled from the sample)",
                    f.ablationSetupSeconds(), f.ablatedSample(), f.ablationSampleSeconds(), f.patches(), f.causalSeconds());
            console.printf("causal baseline / (forward + attribution) = %.1f   (goal >= 100)", f.causalOverOurs());
        } finally {
            try (var paths = Files.walk(temp)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }
}
