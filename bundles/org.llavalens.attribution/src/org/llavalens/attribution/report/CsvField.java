package org.llavalens.attribution.report;

/**
 * One field of an RFC 4180 CSV line: quoted when it holds a comma, a quote (doubled inside) or a
 * line break, so that any text round-trips; null is the empty field. The reports of every layer
 * above write their CSV through this.
 */
public final class CsvField {

    private CsvField() {
    }

    /** {@code value} as a field, quoted only where RFC 4180 needs it. */
    public static String of(String value) {
        if (value == null) {
            return "";
        }
        boolean special = value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0
                || value.indexOf('\r') >= 0;
        return special ? quoted(value) : value;
    }

    /** {@code value} always in quotes. */
    public static String quoted(String value) {
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
