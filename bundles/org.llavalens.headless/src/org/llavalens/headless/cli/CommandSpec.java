package org.llavalens.headless.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * What a command declares, in one piece: its verb, summary, synopsis forms, options, details and
 * examples. A command writes it as the help it wants printed ({@link #parse}), so the declaration reads
 * like {@code ./llavalens help <command>} and the parser and the help take their options from the same
 * lines.
 *
 * @param synopsis how it is called, one form per entry, without {@code ./llavalens}
 * @param examples whole command lines (without {@code ./llavalens}), each one line
 */
public record CommandSpec(String name, String summary, List<String> synopsis, List<Option> options, String details,
        List<String> examples) {

    private static final String INDENT = "  ";

    public CommandSpec {
        synopsis = List.copyOf(synopsis);
        options = List.copyOf(options);
        examples = List.copyOf(examples);
    }

    /**
     * Reads a declaration written as its help:
     *
     * <pre>
     * NAME: SUMMARY
     * usage:
     *   NAME --model DIR ...           (a form per line that starts with NAME; other lines continue it)
     * options:
     *   --model DIR  what it is        (as {@link Option#table} reads them)
     * details:
     *   free text, printed as written
     * examples:
     *   NAME --model m --out o         (as the usage forms)
     * </pre>
     *
     * Every section but the first line may be left out; indented lines right after the first continue
     * the summary. A section's lines are indented by two spaces.
     *
     * @param shared options several commands take, declared once elsewhere, listed after the command's own
     * @throws IllegalArgumentException for a declaration that does not read (a bug in the command)
     */
    @SafeVarargs
    public static CommandSpec parse(String text, List<Option>... shared) {
        List<String> lines = text.stripTrailing().lines().toList();
        int colon = lines.get(0).indexOf(": ");
        if (colon < 1) {
            throw new IllegalArgumentException("a declaration starts with 'NAME: SUMMARY': " + lines.get(0));
        }
        String name = lines.get(0).substring(0, colon);
        StringBuilder summary = new StringBuilder(lines.get(0).substring(colon + 2).strip());
        List<String> synopsis = new ArrayList<>();
        List<String> examples = new ArrayList<>();
        StringBuilder options = new StringBuilder();
        List<String> details = new ArrayList<>();
        String section = "summary";
        for (String line : lines.subList(1, lines.size())) {
            if (!line.isBlank() && !line.startsWith(INDENT)) {
                section = line.strip();
                if (!List.of("usage:", "options:", "details:", "examples:").contains(section)) {
                    throw new IllegalArgumentException(name + ": no section '" + section + "'");
                }
                continue;
            }
            switch (section) {
            case "summary" -> summary.append(' ').append(line.strip());
            case "usage:" -> commandLines(name, line, synopsis);
            case "options:" -> options.append(line).append('\n');
            case "details:" -> details.add(line.isBlank() ? "" : line.substring(INDENT.length()));
            default -> commandLines(name, line, examples);
            }
        }
        List<Option> all = new ArrayList<>(Option.table(options.toString()));
        for (List<Option> more : shared) {
            all.addAll(more);
        }
        return new CommandSpec(name, summary.toString(), synopsis, all, String.join("\n", details), examples);
    }

    /** A line starting with the verb starts a command line; any other continues the last one. */
    private static void commandLines(String name, String line, List<String> out) {
        String s = line.strip();
        if (s.isEmpty()) {
            return;
        }
        if (s.equals(name) || s.startsWith(name + " ") || out.isEmpty()) {
            out.add(s);
        } else {
            out.set(out.size() - 1, out.get(out.size() - 1) + " " + s);
        }
    }
}
