package org.llavalens.headless.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Dispatches {@code ./llavalens <command> [options]} to a {@link Command} and turns the outcome into
 * the exit codes users script against: 0 success, 2 bad usage, 1 failure. Errors are one line on
 * stderr; the stack trace only with {@code --debug}.
 */
public final class Cli {

    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;

    private final Map<String, Command> commands = new LinkedHashMap<>();

    public Cli(List<Command> commands) {
        for (Command c : commands) {
            this.commands.put(c.name(), c);
        }
    }

    /** The commands, in the order help lists them. */
    public java.util.Collection<Command> commands() {
        return java.util.Collections.unmodifiableCollection(commands.values());
    }

    public int run(String[] argv, Console console) {
        List<String> words = new ArrayList<>(Arrays.asList(argv));
        boolean debug = words.remove("--debug");
        if (!words.isEmpty() && words.get(0).equals("--version")) {
            console.println("llavalens " + version());
            return OK;
        }
        if (words.isEmpty() || words.get(0).equals("--help") || words.get(0).equals("-h")) {
            console.println(overview());
            return words.isEmpty() ? USAGE : OK;
        }
        String verb = words.remove(0);
        if (verb.equals("help")) {
            if (words.isEmpty()) {
                console.println(overview());
                return OK;
            }
            Command c = commands.get(words.get(0));
            if (c == null) {
                return usageError(console, "unknown command '" + words.get(0) + "' (see ./llavalens --help)");
            }
            console.println(c.usage());
            return OK;
        }
        Command command = commands.get(verb);
        if (command == null) {
            String near = Help.suggestion(verb, List.copyOf(commands.keySet()));
            return usageError(console, "unknown command '" + verb + "' ("
                    + (near == null ? "" : "did you mean " + near + "? ") + "see ./llavalens --help)");
        }
        if (words.contains("--help") || words.contains("-h")) {
            console.println(command.usage());
            return OK;
        }
        try {
            command.run(command.arguments(words), console);
            return OK;
        } catch (UsageException e) {
            return usageError(console, verb + ": " + e.getMessage());
        } catch (Throwable e) {
            console.error("llavalens " + verb + ": " + oneLine(e));
            if (debug) {
                console.stackTrace(e);
            }
            return FAILURE;
        }
    }

    private static int usageError(Console console, String message) {
        console.error("llavalens: " + message);
        return USAGE;
    }

    /** The message a user needs, without the exception class names of wrappers. */
    static String oneLine(Throwable e) {
        Throwable t = e;
        while ((t.getMessage() == null || t.getMessage().isBlank()) && t.getCause() != null) {
            t = t.getCause();
        }
        String m = t.getMessage();
        if (m == null || m.isBlank()) {
            m = t.getClass().getSimpleName();
        } else if (t instanceof OutOfMemoryError) {
            m = "out of memory (" + m + "); give the JVM more with LLAVALENS_XMX";
        }
        return m.replace('\n', ' ');
    }

    /** The product's version: this bundle's, as the build stamped it. */
    public static String version() {
        org.osgi.framework.Bundle b = org.osgi.framework.FrameworkUtil.getBundle(Cli.class);
        return b == null ? "(not running in OSGi)" : b.getVersion().toString();
    }

    public String overview() {
        StringBuilder b = new StringBuilder();
        b.append("LLaVA Lens: why does LLaVA answer what it answers?\n\n");
        b.append("usage: ./llavalens <command> [options]   (./llavalens help <command> for its options)\n\n");
        b.append("commands:\n");
        b.append(String.format("  %-12s %s%n", "ui", "open the workbench"));
        for (Command c : commands.values()) {
            b.append(String.format("  %-12s %s%n", c.name(), c.summary()));
        }
        b.append("\nglobal options: --debug (stack traces on failure), --version, --help\n");
        b.append("exit codes: 0 success, 1 failure, 2 bad usage");
        return b.toString();
    }
}
