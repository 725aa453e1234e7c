package org.llavalens.headless.commands;

import java.util.List;

import org.llavalens.attribution.method.MethodDescriptor;
import org.llavalens.attribution.method.MethodRegistry;
import org.llavalens.headless.cli.Arguments;
import org.llavalens.headless.cli.Command;
import org.llavalens.headless.cli.CommandLine;
import org.llavalens.headless.cli.Console;
import org.llavalens.headless.cli.Option;

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
    public List<Option> options() {
        return List.of(Option.json());
    }

    @Override
    public String details() {
        return "Lists every attribution method contributed to the extension point " + MethodRegistry.EXTENSION_POINT
                + ": id, what it produces, contributing bundle, description.";
    }

    @Override
    public void run(CommandLine commandLine, Console console) throws Exception {
        Arguments a = commandLine.parse();
        boolean json = a.flag("json");
        a.requireAllUsed();
        MethodRegistry registry = MethodRegistry.fromPlatform();
        if (json) {
            console.println(JsonOutput.methods(registry));
            return;
        }
        for (MethodDescriptor d : registry.list()) {
            console.printf("%-20s %-16s %-34s %s", d.id(), d.produces().name().toLowerCase(java.util.Locale.ROOT),
                    d.contributor(), d.description());
        }
        for (String problem : registry.problems()) {
            console.warn(problem);
        }
    }
}
