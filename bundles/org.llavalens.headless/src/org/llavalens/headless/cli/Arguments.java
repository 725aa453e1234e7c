package org.llavalens.headless.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Options of one command: {@code --name value}, {@code --name=value} and bare {@code --flag}s, plus
 * positional words. Declared {@link Option}s say which are flags and which other spellings mean them
 * (an alias is stored under the option's name); every option read is marked, and
 * {@link #requireAllUsed()} turns a misspelt option into a usage error that suggests the nearest one.
 */
public final class Arguments {

    private final Map<String, String> options = new LinkedHashMap<>();
    private final List<String> positionals = new ArrayList<>();
    private final java.util.HashSet<String> used = new java.util.HashSet<>();
    private final List<Option> declared;

    private Arguments(List<Option> declared) {
        this.declared = List.copyOf(declared);
    }

    /** Parses {@code words}; options named in {@code flags} take no value. */
    public static Arguments parse(List<String> words, Set<String> flags) throws UsageException {
        return parse(words, List.of(), flags);
    }

    /**
     * Parses {@code words} against {@code declared} options; {@code flags} names further options that
     * take no value. An option neither declared nor a flag takes the next word as its value.
     */
    public static Arguments parse(List<String> words, List<Option> declared, Set<String> flags)
            throws UsageException {
        Arguments a = new Arguments(declared);
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (w.startsWith("--") && w.length() > 2) {
                String name = w.substring(2);
                String value;
                int eq = name.indexOf('=');
                String given = eq >= 0 ? name.substring(0, eq) : name;
                Option option = a.declared(given);
                if (option == null && !flags.contains(given)) {
                    // close to a declared option: a typo, said before it swallows the next word as its value
                    String near = Help.suggestion(given, a.declaredNames());
                    if (near != null) {
                        throw new UsageException("unknown option --" + given + " (did you mean --" + near + "?)");
                    }
                }
                name = option == null ? given : option.name();
                boolean flag = option != null ? option.isFlag() : flags.contains(name);
                if (eq >= 0) {
                    value = w.substring(2 + eq + 1);
                } else if (flag) {
                    value = "true";
                } else {
                    if (i + 1 >= words.size()) {
                        throw new UsageException("option --" + given + " needs a value"
                                + (option == null ? "" : " (" + option.spelling() + ")"));
                    }
                    value = words.get(++i);
                }
                if (a.options.put(name, value) != null) {
                    throw new UsageException("option --" + name + " given twice");
                }
            } else {
                a.positionals.add(w);
            }
        }
        return a;
    }

    private List<String> declaredNames() {
        List<String> names = new ArrayList<>();
        declared.forEach(o -> {
            names.add(o.name());
            names.addAll(o.aliases());
        });
        return names;
    }

    private Option declared(String word) {
        for (Option o : declared) {
            if (o.answersTo(word)) {
                return o;
            }
        }
        return null;
    }

    public boolean has(String name) {
        used.add(name);
        return options.containsKey(name);
    }

    public boolean flag(String name) {
        used.add(name);
        return Boolean.parseBoolean(options.getOrDefault(name, "false"));
    }

    public String get(String name, String fallback) {
        used.add(name);
        return options.getOrDefault(name, fallback);
    }

    public String require(String name) throws UsageException {
        used.add(name);
        String v = options.get(name);
        if (v == null) {
            // "--projcet x" makes --project missing: name the typo, not the missing option
            for (String given : options.keySet()) {
                if (declared(given) == null && !used.contains(given) && Help.suggestion(given, List.of(name)) != null) {
                    throw new UsageException("unknown option --" + given + " (did you mean --" + name + "?)");
                }
            }
            throw new UsageException("missing required option --" + name);
        }
        return v;
    }

    public Path path(String name) throws UsageException {
        return Path.of(require(name));
    }

    public Path path(String name, Path fallback) {
        used.add(name);
        String v = options.get(name);
        return v == null ? fallback : Path.of(v);
    }

    public int integer(String name, int fallback) throws UsageException {
        used.add(name);
        String v = options.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("option --" + name + " takes a whole number, not '" + v + "'");
        }
    }

    public double number(String name, double fallback) throws UsageException {
        used.add(name);
        String v = options.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("option --" + name + " takes a number, not '" + v + "'");
        }
    }

    public List<String> positionals() {
        return List.copyOf(positionals);
    }

    /** Fails on any option the command never asked about (a typo must not be ignored). */
    public void requireAllUsed() throws UsageException {
        for (String name : options.keySet()) {
            if (!used.contains(name)) {
                List<String> known = new ArrayList<>(used);
                declared.forEach(o -> known.add(o.name()));
                String near = Help.suggestion(name, known);
                throw new UsageException("unknown option --" + name + (near == null ? "" : " (did you mean --" + near + "?)"));
            }
        }
    }

    /**
     * An existing folder given by {@code name} (or {@code fallback}): a missing one is named with the
     * option, not left to fail later as a bare path.
     */
    public Path existingFolder(String name, Path fallback) throws UsageException {
        Path p = path(name, fallback);
        if (p != null && !java.nio.file.Files.isDirectory(p)) {
            throw new UsageException("--" + name + " " + p + ": " + (java.nio.file.Files.exists(p) ? "not a folder"
                    : "no such folder"));
        }
        return p;
    }
}
