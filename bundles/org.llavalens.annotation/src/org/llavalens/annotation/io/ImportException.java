package org.llavalens.annotation.io;

import java.util.List;

/**
 * An input file had malformed rows; nothing was imported. {@link #problems()} lists each one as
 * {@code file:line: what is wrong}.
 */
public class ImportException extends Exception {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public ImportException(String source, List<String> problems) {
        super(summary(source, problems));
        this.problems = List.copyOf(problems);
    }

    private static String summary(String source, List<String> problems) {
        String first = problems.isEmpty() ? "" : problems.get(0);
        return problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + " in " + source
                + ", nothing imported; first: " + first;
    }

    public List<String> problems() {
        return problems;
    }
}
