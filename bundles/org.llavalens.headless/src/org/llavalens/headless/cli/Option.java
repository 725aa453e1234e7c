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

    public static Option flag(String name, String help) {
        return new Option(name, List.of(), null, help);
    }

    public static Option value(String name, String valueName, String help) {
        return new Option(name, List.of(), valueName, help);
    }

    /** The same option, also spelt {@code --alias}. */
    public Option alias(String... more) {
        List<String> all = new ArrayList<>(aliases);
        all.addAll(List.of(more));
        return new Option(name, all, valueName, help);
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

    /** The project folder, spelt {@code --project} by every command ({@code --dir} still works). */
    public static Option project(String help) {
        return value("project", "DIR", help).alias("dir");
    }

    /** Machine-readable output on stdout, for scripts. */
    public static Option json() {
        return flag("json", "print the result as one JSON object on stdout instead of text");
    }
}
