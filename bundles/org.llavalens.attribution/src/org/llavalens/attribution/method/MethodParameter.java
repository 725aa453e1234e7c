package org.llavalens.attribution.method;

import java.util.Objects;
import java.util.function.Function;

/**
 * One setting a method reads, declared once: its key (prefix a plug-in's keys with its id, e.g.
 * {@code rollout.residual}), how its text is read and written, its default and a line of help. A
 * method reads the typed value with {@link MethodContext#value}; the text a user typed (CLI
 * {@code --method-setting}, preferences, JSON) is parsed against the declaration, and a value that
 * does not parse is one line naming the parameter.
 */
public final class MethodParameter<T> {

    private final String key;
    private final Function<String, T> parser;
    private final Function<T, String> printer;
    private final T defaultValue;
    private final String help;

    private MethodParameter(String key, Function<String, T> parser, Function<T, String> printer, T defaultValue,
            String help) {
        this.key = Objects.requireNonNull(key);
        this.parser = Objects.requireNonNull(parser);
        this.printer = Objects.requireNonNull(printer);
        this.defaultValue = Objects.requireNonNull(defaultValue);
        this.help = help;
    }

    /**
     * @param parser  reads a value from its text; throws IllegalArgumentException when it does not fit
     * @param printer writes a value as text that {@code parser} reads back
     */
    public static <T> MethodParameter<T> of(String key, Function<String, T> parser, Function<T, String> printer,
            T defaultValue, String help) {
        return new MethodParameter<>(key, parser, printer, defaultValue, help);
    }

    public static MethodParameter<Double> ofDouble(String key, double defaultValue, String help) {
        return of(key, Double::valueOf, String::valueOf, defaultValue, help);
    }

    public static MethodParameter<Integer> ofInt(String key, int defaultValue, String help) {
        return of(key, Integer::valueOf, String::valueOf, defaultValue, help);
    }

    public String key() {
        return key;
    }

    public T defaultValue() {
        return defaultValue;
    }

    public String help() {
        return help;
    }

    /** @throws IllegalArgumentException one line naming the parameter when the text is no value of it */
    public T parse(String text) {
        try {
            T value = parser.apply(text.trim());
            if (value == null) {
                throw new IllegalArgumentException("no value");
            }
            return value;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("method setting " + key + "='" + text + "' is not a value of it ("
                    + help + "): " + e.getMessage(), e);
        }
    }

    public String format(T value) {
        return printer.apply(value);
    }

    @Override
    public String toString() {
        return key + " (default " + format(defaultValue) + "): " + help;
    }
}
