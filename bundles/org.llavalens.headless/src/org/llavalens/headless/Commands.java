package org.llavalens.headless;

import java.util.List;

import org.llavalens.headless.cli.Cli;
import org.llavalens.headless.commands.AgreementCommand;
import org.llavalens.headless.commands.AnalyzeCommand;
import org.llavalens.headless.commands.BatchCommand;
import org.llavalens.headless.commands.BenchmarkCommand;
import org.llavalens.headless.commands.DemoCommand;
import org.llavalens.headless.commands.ExperimentCommand;
import org.llavalens.headless.commands.GenerateDemoCommand;
import org.llavalens.headless.commands.MethodsCommand;
import org.llavalens.headless.commands.PopeMetricsCommand;
import org.llavalens.headless.commands.ProjectCommand;
import org.llavalens.headless.commands.ReferenceCommand;
import org.llavalens.headless.commands.SelfcheckCommand;
import org.llavalens.headless.commands.ServeCommand;
import org.llavalens.headless.commands.TraceCommand;

/** Every verb of {@code ./llavalens}, in the order {@code --help} lists them. */
public final class Commands {

    private Commands() {
    }

    public static Cli cli() {
        return new Cli(List.of(
                new DemoCommand(),
                new TraceCommand(),
                new AnalyzeCommand(),
                new MethodsCommand(),
                new BatchCommand(),
                new ExperimentCommand(),
                new ReferenceCommand(),
                new ProjectCommand(),
                new AgreementCommand(),
                new PopeMetricsCommand(),
                new GenerateDemoCommand(),
                new BenchmarkCommand(),
                new ServeCommand(),
                new SelfcheckCommand()));
    }
}
