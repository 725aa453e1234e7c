package org.llavalens.annotation.io;

import java.util.List;

/**
 * Bounds on what an import takes in. A question file is data from elsewhere: one 200 MB field would
 * be copied into {@code project.xmi}, into every save and every export. A field longer than
 * {@link #MAX_FIELD_CHARS} makes its row a problem like any malformed row (nothing is imported, or
 * the row is skipped with {@code --skip-bad-rows}).
 */
public final class ImportLimits {

    /** 64 KiB: far above any question, id or answer, far below what slows a save. */
    public static final int MAX_FIELD_CHARS = 64 * 1024;

    private ImportLimits() {
    }

    /** Adds one problem per field of the row that is too long. */
    public static void checkFields(String source, int line, List<String> problems, String... fields) {
        for (String f : fields) {
            if (f != null && f.length() > MAX_FIELD_CHARS) {
                problems.add(source + ":" + line + ": a field of " + f.length() + " characters (at most "
                        + MAX_FIELD_CHARS + ")");
            }
        }
    }
}
