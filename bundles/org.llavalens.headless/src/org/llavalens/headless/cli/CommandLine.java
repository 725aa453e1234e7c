package org.llavalens.headless.cli;

import java.util.List;

/** The words after the verb, kept raw until the command says which options are flags. */
public final class CommandLine {

    private final List<String> words;

    public CommandLine(List<String> words) {
        this.words = List.copyOf(words);
    }

    public List<String> words() {
        return words;
    }

    public Arguments parse(String... flags) throws UsageException {
        return Arguments.parse(words, java.util.Set.of(flags));
    }
}
