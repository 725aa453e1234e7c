package org.llavalens.headless.cli;

/**
 * One verb of {@code ./llavalens}. Implementations parse their own options from {@link CommandLine#parse},
 * report progress on {@link Console}, and signal failure by throwing: a {@link UsageException} for
 * bad usage (exit 2), any other exception for a failed run (exit 1).
 */
public interface Command {

    /** The verb, e.g. {@code trace}. */
    String name();

    /** One line for {@code --help}. */
    String summary();

    /** The full usage text shown by {@code ./llavalens help <command>}. */
    String usage();

    void run(CommandLine commandLine, Console console) throws Exception;
}
