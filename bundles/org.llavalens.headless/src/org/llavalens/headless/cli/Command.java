package org.llavalens.headless.cli;

import java.util.List;

/**
 * One verb of {@code ./llavalens}. A command declares its options ({@link #options()}); its help is
 * generated from them ({@link Help}), and {@link CommandLine#parse} reads the words against them. It
 * reports progress on {@link Console} and signals failure by throwing: a {@link UsageException} for bad
 * usage (exit 2), any other exception for a failed run (exit 1).
 */
public interface Command {

    /** The verb, e.g. {@code trace}. */
    String name();

    /** One line for {@code --help}. */
    String summary();

    /** How it is called, one line per form, without {@code ./llavalens}: {@code trace --model DIR ...}. */
    default List<String> synopsis() {
        return List.of(name() + (options().isEmpty() ? "" : " [options]"));
    }

    /** Every option it takes. */
    default List<Option> options() {
        return List.of();
    }

    /** What the help says after the options: what it does, where it writes. */
    default String details() {
        return "";
    }

    /** Whole command lines (without {@code ./llavalens}), each on one line. */
    default List<String> examples() {
        return List.of();
    }

    /** The full usage text shown by {@code ./llavalens help <command>}. */
    default String usage() {
        return Help.of(this);
    }

    void run(CommandLine commandLine, Console console) throws Exception;
}
