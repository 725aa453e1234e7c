package org.llavalens.annotation.io;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.llavalens.attribution.report.CsvField;

/**
 * RFC 4180 CSV: quoted fields may hold commas, quotes ({@code ""}) and line breaks. Each row keeps
 * the line number where it starts, for error messages.
 */
public final class Csv {

    public record Row(int line, List<String> fields) {
        public boolean isBlank() {
            return fields.size() == 1 && fields.get(0).isBlank();
        }
    }

    private Csv() {
    }

    public static List<Row> read(Reader in) throws IOException {
        StringBuilder all = new StringBuilder();
        char[] buf = new char[8192];
        int n;
        while ((n = in.read(buf)) > 0) {
            all.append(buf, 0, n);
        }
        String s = all.length() > 0 && all.charAt(0) == '\uFEFF' ? all.substring(1) : all.toString();
        List<Row> rows = new ArrayList<>();
        int i = 0;
        int line = 1;
        while (i < s.length()) {
            int rowStart = line;
            List<String> fields = new ArrayList<>();
            while (true) {
                StringBuilder f = new StringBuilder();
                if (i < s.length() && s.charAt(i) == '"') {
                    i++;
                    while (true) {
                        if (i >= s.length()) {
                            throw new IOException("line " + rowStart + ": a quoted field is never closed");
                        }
                        char c = s.charAt(i++);
                        if (c == '"') {
                            if (i < s.length() && s.charAt(i) == '"') {
                                f.append('"');
                                i++;
                            } else {
                                break;
                            }
                        } else {
                            if (c == '\n') {
                                line++;
                            }
                            f.append(c);
                        }
                    }
                    if (i < s.length() && s.charAt(i) == '\r') {
                        i++;
                    }
                    if (i < s.length() && s.charAt(i) != ',' && s.charAt(i) != '\n') {
                        throw new IOException("line " + line + ": text after a closing quote");
                    }
                } else {
                    while (i < s.length() && s.charAt(i) != ',' && s.charAt(i) != '\n') {
                        char c = s.charAt(i++);
                        if (c != '\r') {
                            f.append(c);
                        }
                    }
                }
                fields.add(f.toString());
                if (i >= s.length()) {
                    break;
                }
                char sep = s.charAt(i++);
                if (sep == '\n') {
                    line++;
                    break;
                }
            }
            rows.add(new Row(rowStart, List.copyOf(fields)));
        }
        return rows;
    }

    /** Column positions by lower-case name, with the required ones checked. */
    public record Header(Map<String, Integer> columns, int width) {
        public Map<String, String> values(Row row, String source, List<String> problems) {
            if (row.fields().size() != width) {
                problems.add(source + ":" + row.line() + ": " + row.fields().size() + " fields, the header has "
                        + width);
                return null;
            }
            Map<String, String> v = new HashMap<>();
            columns.forEach((name, i) -> v.put(name, unguard(row.fields().get(i))));
            return v;
        }
    }

    public static Header header(Row row, String source, Collection<String> required)
            throws ImportException {
        Map<String, Integer> cols = new LinkedHashMap<>();
        for (int i = 0; i < row.fields().size(); i++) {
            cols.put(row.fields().get(i).strip().toLowerCase(Locale.ROOT), i);
        }
        List<String> missing = required.stream().filter(r -> !cols.containsKey(r)).toList();
        if (!missing.isEmpty()) {
            throw new ImportException(source, List.of(source + ":" + row.line() + ": header lacks column"
                    + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing)));
        }
        return new Header(cols, row.fields().size());
    }

    /**
     * One field as RFC 4180 writes it, guarded against formula injection as OWASP recommends: a
     * value a spreadsheet would run as a formula (starting with {@code = + - @}, tab or carriage
     * return) gets a leading {@code '} and is quoted. {@link #unguard} takes the guard off again.
     */
    public static String field(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        boolean formula = FORMULA_STARTS.indexOf(value.charAt(0)) >= 0;
        return formula ? CsvField.quoted("'" + value) : CsvField.of(value);
    }

    /** The characters that make a spreadsheet read a cell as a formula when they start it. */
    private static final String FORMULA_STARTS = "=+-@\t\r";

    /** A value read back from a CSV this class wrote: without the formula guard {@link #field} added. */
    public static String unguard(String value) {
        if (value != null && value.length() > 1 && value.charAt(0) == '\''
                && FORMULA_STARTS.indexOf(value.charAt(1)) >= 0) {
            return value.substring(1);
        }
        return value;
    }

    public static String line(List<String> values) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(field(values.get(i)));
        }
        return b.append("\r\n").toString();
    }
}
