package org.llavalens.headless.cli;

import java.util.List;
import java.util.Set;

/** The words after the verb, with the options the command declared. */
public final class CommandLine {

    private final List<String> words;
    private final List<Option> options;

    public CommandLine(List<String> words) {
        this(words, List.of());
    }

    public CommandLine(List<String> words, List<Option> options) {
        this.words = List.copyOf(words);
        this.options = List.copyOf(options);
    }

    public List<String> words() {
        return words;
    }

    /**
     * Reads the words against the declared options; {@code flags} names further value-less options a
     * command reads without declaring them (they still fail {@link Arguments#requireAllUsed} unless read).
     */
    public Arguments parse(String... flags) throws UsageException {
        return Arguments.parse(words, options, Set.of(flags));
    }
}
