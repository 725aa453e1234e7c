package org.llavalens.analysis.experiment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Color-experiment cases from a folder of images and a CSV table of what each shows: a header row
 * naming the columns {@code image}, {@code animal}, {@code color} (or {@code color}) and optionally
 * {@code other_animal} and {@code id}; image paths are relative to the folder. Fields may be quoted
 * ("" inside quotes is a quote). The other and random words are completed as {@link ColorQaCases} does.
 */
public final class ColorQaDatasets {

    private ColorQaDatasets() {
    }

    public static ColorQaCases.Loaded fromImageTable(Path images, Path table, long seed) throws IOException {
        List<String> lines = Files.readAllLines(table, StandardCharsets.UTF_8);
        List<String> skipped = new ArrayList<>();
        List<ColorQaCases.Partial> parts = new ArrayList<>();
        if (lines.isEmpty()) {
            return new ColorQaCases.Loaded(List.of(), List.of(table.getFileName() + ": empty"));
        }
        List<String> header = fields(lines.get(0)).stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
        int image = header.indexOf("image");
        int animal = header.indexOf("animal");
        int color = header.indexOf("colour") >= 0 ? header.indexOf("colour") : header.indexOf("color");
        int other = header.indexOf("other_animal");
        int id = header.indexOf("id");
        if (image < 0 || animal < 0 || color < 0) {
            throw new IllegalArgumentException(table.getFileName() + ": the header must name image, animal and colour");
        }
        for (int n = 1; n < lines.size(); n++) {
            if (lines.get(n).isBlank()) {
                continue;
            }
            List<String> f = fields(lines.get(n));
            String where = table.getFileName() + ":" + (n + 1);
            String file = get(f, image);
            String a = get(f, animal);
            String c = get(f, color);
            if (file == null || a == null || c == null) {
                skipped.add(where + ": needs image, animal and colour");
                continue;
            }
            Path path = images.resolve(file);
            if (!Files.isRegularFile(path)) {
                skipped.add(where + ": no image " + path);
                continue;
            }
            String caseId = get(f, id) != null ? get(f, id) : file + ":" + a;
            parts.add(new ColorQaCases.Partial(caseId, path, file, a, c, get(f, other)));
        }
        return new ColorQaCases.Loaded(ColorQaCases.complete(parts, skipped, seed), skipped);
    }

    private static String get(List<String> fields, int i) {
        if (i < 0 || i >= fields.size()) {
            return null;
        }
        String s = fields.get(i).strip();
        return s.isEmpty() ? null : s;
    }

    /** One CSV row's fields (RFC 4180 quoting, one line). */
    static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    b.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    b.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                out.add(b.toString());
                b.setLength(0);
            } else {
                b.append(ch);
            }
        }
        out.add(b.toString());
        return out;
    }
}
