package org.llavalens.headless.commands;

import org.llavalens.headless.cli.Command;
import org.llavalens.headless.cli.CommandLine;
import org.llavalens.headless.cli.Console;

/** {@code ./llavalens demo}: the README's first command. */
public final class DemoCommand implements Command {

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String summary() {
        return "analyse the embedded demo model's scenes and write a report";
    }

    @Override
    public String usage() {
        return "usage: ./llavalens demo [--out DIR]";
    }

    @Override
    public void run(CommandLine commandLine, Console console) throws Exception {
        commandLine.parse().requireAllUsed();
        console.info("The headless application runs; the demo analysis is not built yet "
                + "(missing: model runtime, attribution engine, demo model).");
        throw new IllegalStateException("demo is not available yet: the attribution engine is not built");
    }
}
