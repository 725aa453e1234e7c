package org.llavalens.headless.cli;

import java.util.List;
import java.util.Set;

/**
 * One verb of {@code ./llavalens}. A command declares itself in one piece ({@link #spec()}, usually
 * written as its help and read by {@link CommandSpec#parse}); its help is generated from that
 * ({@link Help}), and the words after the verb are read against the options it declares
 * ({@link #arguments}) before it runs. It reports progress on {@link Console} and signals failure by throwing: a {@link UsageException} for bad
 * usage (exit 2), any other exception for a failed run (exit 1).
 */
public interface Command {

    /** The verb, summary, synopsis, options, details and examples. */
    CommandSpec spec();

    /** The verb, e.g. {@code trace}. */
    default String name() {
        return spec().name();
    }

    /** One line for {@code --help}. */
    default String summary() {
        return spec().summary();
    }

    /** How it is called, one line per form, without {@code ./llavalens}: {@code trace --model DIR ...}. */
    default List<String> synopsis() {
        List<String> forms = spec().synopsis();
        return forms.isEmpty() ? List.of(name() + (options().isEmpty() ? "" : " [options]")) : forms;
    }

    /** Every option it takes. */
    default List<Option> options() {
        return spec().options();
    }

    /** What the help says after the options: what it does, where it writes. */
    default String details() {
        return spec().details();
    }

    /** Whole command lines (without {@code ./llavalens}), each on one line. */
    default List<String> examples() {
        return spec().examples();
    }

    /** The full usage text shown by {@code ./llavalens help <command>}. */
    default String usage() {
        return Help.of(this);
    }

    /** The words after the verb read against {@link #options()}. */
    default Arguments arguments(List<String> words) throws UsageException {
        return Arguments.parse(words, options(), Set.of());
    }

    /** Runs with the options read; it marks each it reads and ends the reading with {@link Arguments#requireAllUsed}. */
    void run(Arguments args, Console console) throws Exception;
}
