package org.llavalens.headless.commands;


import org.llavalens.attribution.method.MethodDescriptor;
import org.llavalens.attribution.method.MethodRegistry;
import org.llavalens.headless.cli.Arguments;
import org.llavalens.headless.cli.Command;
import org.llavalens.headless.cli.CommandSpec;
import org.llavalens.headless.cli.Console;

/** {@code ./llavalens methods}: the attribution methods installed, built-in and from plugins. */
public final class MethodsCommand implements Command {

    private static final CommandSpec SPEC = CommandSpec.parse("""
            methods: list the installed attribution methods (ids for --methods)
            options:
              --json  print the result as one JSON object on stdout instead of text
            details:
              Lists every attribution method contributed to the extension point %s: id, what it produces, contributing bundle, description.
            """.formatted(MethodRegistry.EXTENSION_POINT));

    @Override
    public void run(Arguments a, Console console) throws Exception {
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

    @Override
    public CommandSpec spec() {
        return SPEC;
    }
}
