package org.llavalens.headless.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * One option a command takes, declared once: from it the parser knows whether it takes a value and
 * which other spellings mean it, and {@code --help} prints its line.
 *
 * @param name      the name without {@code --}
 * @param aliases   older or shorter spellings that mean the same option (e.g. {@code dir} for {@code project})
 * @param valueName what the value is, shown in help ({@code DIR}, {@code N}); null for a flag
 * @param help      one line saying what it does
 */
public record Option(String name, List<String> aliases, String valueName, String help) {

    public Option {
        aliases = List.copyOf(aliases);
    }

    public boolean isFlag() {
        return valueName == null;
    }

    /** Whether {@code --word} means this option. */
    public boolean answersTo(String word) {
        return name.equals(word) || aliases.contains(word);
    }

    /** {@code --name VALUE}, as help and synopses write it. */
    public String spelling() {
        return "--" + name + (isFlag() ? "" : " " + valueName);
    }

    /**
     * Options written as the table {@code --help} prints: a line per option, its spelling
     * ({@code --name} for a flag, {@code --name VALUE}), two or more spaces, and what it does; an
     * indented line without {@code --} continues the help of the option above (joined by a space); a
     * help ending in {@code (also --dir, --folder)} gives the option those other spellings.
     *
     * @throws IllegalArgumentException for a line that does not read (a bug in the declaration)
     */
    public static List<Option> table(String text) {
        List<String[]> rows = new ArrayList<>();
        for (String line : text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList()) {
            if (line.startsWith("--")) {
                int gap = line.indexOf("  ");
                if (gap < 0) {
                    throw new IllegalArgumentException("no help after the option: " + line);
                }
                rows.add(new String[] {line.substring(0, gap), line.substring(gap).strip()});
            } else if (rows.isEmpty()) {
                throw new IllegalArgumentException("an options table starts with an option: " + line);
            } else {
                String[] last = rows.get(rows.size() - 1);
                last[1] = last[1] + " " + line;
            }
        }
        List<Option> options = new ArrayList<>();
        for (String[] row : rows) {
            String[] spelling = row[0].substring(2).split(" ");
            if (spelling.length > 2) {
                throw new IllegalArgumentException("an option is --name or --name VALUE: " + row[0]);
            }
            String help = row[1];
            List<String> aliases = List.of();
            int also = help.lastIndexOf(" (also --");
            if (also >= 0 && help.endsWith(")")) {
                aliases = List.of(help.substring(also + " (also --".length(), help.length() - 1).split(", --"));
                help = help.substring(0, also);
            }
            options.add(new Option(spelling[0], aliases, spelling.length == 2 ? spelling[1] : null, help));
        }
        return List.copyOf(options);
    }
}
