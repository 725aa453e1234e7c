package org.llavalens.headless.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Options of one command: {@code --name value}, {@code --name=value} and bare {@code --flag}s, plus
 * positional words. Commands declare which flags take no value; every option read is marked, and
 * {@link #requireAllUsed()} turns a misspelt option into a usage error instead of silence.
 */
public final class Arguments {

    private final Map<String, String> options = new LinkedHashMap<>();
    private final List<String> positionals = new ArrayList<>();
    private final java.util.HashSet<String> used = new java.util.HashSet<>();

    private Arguments() {
    }

    /** Parses {@code words}; options named in {@code flags} take no value. */
    public static Arguments parse(List<String> words, Set<String> flags) throws UsageException {
        Arguments a = new Arguments();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (w.startsWith("--") && w.length() > 2) {
                String name = w.substring(2);
                String value;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                } else if (flags.contains(name)) {
                    value = "true";
                } else {
                    if (i + 1 >= words.size()) {
                        throw new UsageException("option --" + name + " needs a value");
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
                throw new UsageException("unknown option --" + name);
            }
        }
    }
}
