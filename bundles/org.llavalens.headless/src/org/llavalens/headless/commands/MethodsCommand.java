package org.llavalens.headless.commands;

import org.llavalens.attribution.method.MethodDescriptor;
import org.llavalens.attribution.method.MethodRegistry;
import org.llavalens.headless.cli.Command;
import org.llavalens.headless.cli.CommandLine;
import org.llavalens.headless.cli.Console;

/** {@code ./llavalens methods}: the attribution methods installed, built-in and from plugins. */
public final class MethodsCommand implements Command {

    @Override
    public String name() {
        return "methods";
    }

    @Override
    public String summary() {
        return "list the installed attribution methods (ids for --methods)";
    }

    @Override
    public String usage() {
        return "usage: ./llavalens methods\n\nLists every attribution method contributed to the extension point "
                + MethodRegistry.EXTENSION_POINT + ": id, what it produces, contributing bundle, description.";
    }

    @Override
    public void run(CommandLine commandLine, Console console) throws Exception {
        commandLine.parse().requireAllUsed();
        MethodRegistry registry = MethodRegistry.fromPlatform();
        for (MethodDescriptor d : registry.list()) {
            console.printf("%-20s %-16s %-34s %s", d.id(), d.produces().name().toLowerCase(java.util.Locale.ROOT),
                    d.contributor(), d.description());
        }
        for (String problem : registry.problems()) {
            console.warn(problem);
        }
    }
}
