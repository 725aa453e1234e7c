package org.llavalens.headless.commands;

import org.llavalens.headless.cli.Arguments;
import org.llavalens.headless.cli.Command;
import org.llavalens.headless.cli.CommandLine;
import org.llavalens.headless.cli.Console;
import org.llavalens.headless.cli.UsageException;

/** {@code ./llavalens benchmark runtime}: speed figures of the model runtime on this machine. */
public final class BenchmarkCommand implements Command {

    @Override
    public String name() {
        return "benchmark";
    }

    @Override
    public String summary() {
        return "measure performance (runtime: GEMM, layer, capture, load, fp16 fidelity; attribution: cost vs forward and causal; spark: batch cases/min vs single machine)";
    }

    @Override
    public String usage() {
        return RuntimeBenchmarkCommand.USAGE + "\n" + new AttributionBenchmarkCommand().usage() + "\n"
                + new SparkBenchmarkCommand().usage();
    }

    @Override
    public void run(CommandLine commandLine, Console console) throws Exception {
        if (!commandLine.words().isEmpty() && commandLine.words().get(0).equals("attribution")) {
            AttributionBenchmarkCommand attribution = new AttributionBenchmarkCommand();
            attribution.run(new CommandLine(commandLine.words().subList(1, commandLine.words().size()),
                    attribution.options()), console);
            return;
        }
        if (!commandLine.words().isEmpty() && commandLine.words().get(0).equals("spark")) {
            SparkBenchmarkCommand spark = new SparkBenchmarkCommand();
            spark.run(new CommandLine(commandLine.words().subList(1, commandLine.words().size()), spark.options()),
                    console);
            return;
        }
        Arguments args = commandLine.parse("quick");
        if (args.positionals().size() != 1 || !args.positionals().get(0).equals("runtime")) {
            throw new UsageException("benchmark needs one benchmark name: runtime, attribution or spark");
        }
        new RuntimeBenchmarkCommand().run(args, console);
    }
}
