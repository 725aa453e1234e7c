package org.llavalens.headless.commands;

import java.util.List;
import java.util.Set;

import org.llavalens.headless.cli.Arguments;
import org.llavalens.headless.cli.Command;
import org.llavalens.headless.cli.CommandSpec;
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

    private static final CommandSpec SPEC = CommandSpec.parse("""
            benchmark: measure performance (runtime: GEMM, layer, capture, load, fp16 fidelity; attribution: cost vs
              forward and causal; server: jobs/min, host overhead; spark: batch cases/min vs single machine)
            """);

    @Override
    public String usage() {
        StringBuilder b = new StringBuilder(RuntimeBenchmarkCommand.USAGE);
        named().forEach(c -> b.append('\n').append(c.usage()));
        return b.toString();
    }

    /**
     * A named benchmark's words are read against its own options; the runtime benchmark's take
     * {@code --quick} as a flag.
     */
    @Override
    public Arguments arguments(List<String> words) throws UsageException {
        Command named = named(words.isEmpty() ? "" : words.get(0));
        return named != null ? named.arguments(words) : Arguments.parse(words, Set.of("quick"));
    }

    @Override
    public void run(Arguments args, Console console) throws Exception {
        List<String> rest = args.positionals();
        Command named = named(rest.isEmpty() ? "" : rest.get(0));
        if (named != null) {
            named.run(args, console);
            return;
        }
        if (rest.size() != 1 || !rest.get(0).equals("runtime")) {
            throw new UsageException("benchmark needs one benchmark name: runtime, attribution, server or spark");
        }
        new RuntimeBenchmarkCommand().run(args, console);
    }

    private static Command named(String word) {
        return named().stream().filter(c -> c.name().equals("benchmark " + word)).findFirst().orElse(null);
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }
}
