package org.llavalens.headless.commands;

import java.util.List;

import org.llavalens.headless.cli.Arguments;
import org.llavalens.headless.cli.Command;
import org.llavalens.headless.cli.CommandLine;
import org.llavalens.headless.cli.Console;
import org.llavalens.headless.cli.UsageException;

/**
 * {@code ./llavalens benchmark NAME}: speed figures on this machine — the model runtime, the
 * attribution's cost, a model host's throughput, the Spark batch against the single-machine one.
 */
public final class BenchmarkCommand implements Command {

    /** The benchmarks with options of their own, by the word after {@code benchmark}. */
    private static List<Command> named() {
        return List.of(new AttributionBenchmarkCommand(), new ServerBenchmarkCommand(), new SparkBenchmarkCommand());
    }

    @Override
    public String name() {
        return "benchmark";
    }

    @Override
    public String summary() {
        return "measure performance (runtime: GEMM, layer, capture, load, fp16 fidelity; attribution: cost vs forward "
                + "and causal; server: jobs/min, host overhead; spark: batch cases/min vs single machine)";
    }

    @Override
    public String usage() {
        StringBuilder b = new StringBuilder(RuntimeBenchmarkCommand.USAGE);
        named().forEach(c -> b.append('\n').append(c.usage()));
        return b.toString();
    }

    @Override
    public void run(CommandLine commandLine, Console console) throws Exception {
        List<String> words = commandLine.words();
        if (!words.isEmpty()) {
            for (Command c : named()) {
                if (c.name().equals("benchmark " + words.get(0))) {
                    c.run(new CommandLine(words.subList(1, words.size()), c.options()), console);
                    return;
                }
            }
        }
        Arguments args = commandLine.parse("quick");
        if (args.positionals().size() != 1 || !args.positionals().get(0).equals("runtime")) {
            throw new UsageException("benchmark needs one benchmark name: runtime, attribution, server or spark");
        }
        new RuntimeBenchmarkCommand().run(args, console);
    }
}
