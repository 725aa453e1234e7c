package org.llavalens.annotation.agreement;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.llavalens.annotation.io.Csv;
import org.llavalens.annotation.io.ImportException;

/**
 * Reads {@code case_id,annotator,label} rows (header required; extra columns ignored). A project's own
 * CSV export reads as it is: its {@code label_id} column (the stable id) is taken over {@code label}
 * (the display name), and the rows of unlabelled cases (no annotator, no label) are skipped.
 */
public final class RatingsCsv {

    private RatingsCsv() {
    }

    public static List<Rating> read(Reader in, String source) throws IOException, ImportException {
        List<Csv.Row> rows = Csv.read(in);
        if (rows.isEmpty()) {
            throw new ImportException(source, List.of(source + ": empty file (expected the header case_id,annotator,label)"));
        }
        Csv.Header header = Csv.header(rows.get(0), source, List.of("case_id", "annotator", "label"));
        List<String> problems = new ArrayList<>();
        List<Rating> out = new ArrayList<>();
        for (Csv.Row row : rows.subList(1, rows.size())) {
            if (row.isBlank()) {
                continue;
            }
            Map<String, String> v = header.values(row, source, problems);
            if (v == null) {
                continue;
            }
            String c = v.get("case_id");
            String a = v.get("annotator");
            String l = v.containsKey("label_id") ? v.get("label_id") : v.get("label");
            if (a.isBlank() && l.isBlank()) {
                continue; // a case nobody labelled
            }
            if (c.isBlank() || a.isBlank() || l.isBlank()) {
                problems.add(source + ":" + row.line() + ": case_id, annotator and label must not be empty");
                continue;
            }
            out.add(new Rating(c.strip(), a.strip(), l.strip()));
        }
        if (!problems.isEmpty()) {
            throw new ImportException(source, problems);
        }
        return out;
    }
}
