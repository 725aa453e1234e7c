package org.llavalens.attribution.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.llavalens.runtime.trace.ImageSpan;

/**
 * A sequence position whose token tables the user asked for besides the last one, as typed: a
 * sequence index ({@code 37}), an image patch ({@code patch:5}, row-major, mapped through the
 * trace's {@link ImageSpan} because the image's offset depends on the prompt), or the K-th position
 * outside the image ({@code text:2}). Parsing checks the syntax; {@link #resolve} checks the value
 * against one sequence.
 *
 * @param spec the text the user typed, kept for messages and the record
 */
public record TablePosition(Kind kind, int index, String spec) {

    public enum Kind {
        SEQUENCE, PATCH, TEXT
    }

    /**
     * A position that is well formed but does not exist in this sequence (past its end, a patch of an
     * image the input does not have): a usage error, distinct from a malformed target.
     */
    public static final class OutOfSequence extends IllegalArgumentException {

        private static final long serialVersionUID = 1L;

        OutOfSequence(String message) {
            super(message);
        }
    }

    /**
     * Parses a comma-separated list; blank gives none.
     *
     * @throws IllegalArgumentException naming the first value that is not a position
     */
    public static List<TablePosition> parseList(String list) {
        List<TablePosition> out = new ArrayList<>();
        if (list == null || list.isBlank()) {
            return out;
        }
        for (String part : list.split(",", -1)) {
            out.add(parse(part));
        }
        return List.copyOf(out);
    }

    public static TablePosition parse(String text) {
        String s = text.strip();
        Kind kind = Kind.SEQUENCE;
        String number = s;
        int colon = s.indexOf(':');
        if (colon >= 0) {
            String prefix = s.substring(0, colon).toLowerCase(Locale.ROOT);
            kind = switch (prefix) {
                case "patch" -> Kind.PATCH;
                case "text" -> Kind.TEXT;
                default -> throw bad(text);
            };
            number = s.substring(colon + 1);
        }
        if (number.isEmpty() || !number.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw bad(text);
        }
        try {
            return new TablePosition(kind, Integer.parseInt(number), s);
        } catch (NumberFormatException e) {
            throw bad(text);
        }
    }

    private static IllegalArgumentException bad(String text) {
        return new IllegalArgumentException("position '" + text
                + "' is not a sequence index, patch:N or text:K (e.g. 37, patch:5, text:2)");
    }

    /**
     * The sequence index this position names in a sequence of {@code length} positions.
     *
     * @throws OutOfSequence naming the value if the sequence has no such position
     */
    public int resolve(int length, Optional<ImageSpan> image) {
        return switch (kind) {
            case SEQUENCE -> {
                if (index >= length) {
                    throw new OutOfSequence("position '" + spec + "' is outside the sequence of " + length
                            + " positions (0 to " + (length - 1) + ")");
                }
                yield index;
            }
            case PATCH -> {
                ImageSpan span = image.orElseThrow(() -> new OutOfSequence("position '" + spec
                        + "' names an image patch, but the input has no image (text-only model)"));
                if (index >= span.patchCount()) {
                    throw new OutOfSequence("position '" + spec + "' is outside the image's " + span.patchCount()
                            + " patches (patch:0 to patch:" + (span.patchCount() - 1) + ")");
                }
                yield span.patchPosition(index);
            }
            case TEXT -> {
                int before = image.map(ImageSpan::start).orElse(length);
                int imageLength = image.map(ImageSpan::length).orElse(0);
                int texts = length - imageLength;
                if (index >= texts) {
                    throw new OutOfSequence("position '" + spec + "' is outside the " + texts
                            + " text positions (text:0 to text:" + (texts - 1) + ")");
                }
                yield index < before ? index : index + imageLength;
            }
        };
    }

    /** Resolves every position, in order, without repeating a sequence index. */
    public static List<Resolved> resolveAll(List<TablePosition> positions, int length, Optional<ImageSpan> image) {
        List<Resolved> out = new ArrayList<>();
        for (TablePosition p : positions) {
            int j = p.resolve(length, image);
            if (out.stream().noneMatch(r -> r.index() == j)) {
                out.add(new Resolved(p.spec(), j));
            }
        }
        return List.copyOf(out);
    }

    /** A position as typed and the sequence index it names. */
    public record Resolved(String spec, int index) {

        @Override
        public String toString() {
            return spec.equals(Integer.toString(index)) ? spec : spec + "=" + index;
        }
    }
}
