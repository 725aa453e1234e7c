package org.llavalens.analysis.experiment;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import javax.imageio.ImageIO;

import org.llavalens.analysis.experiment.CaseMeasures.EncodedPrompt;
import org.llavalens.analysis.experiment.ColorQaFigures.Figure;
import org.llavalens.attribution.HeadId;
import org.llavalens.attribution.render.HeadGridRenderer;
import org.llavalens.attribution.report.CsvField;

/**
 * Writes the color experiment: {@code figures.csv} (every quantity of the paper's §3, ours beside the
 * paper's), {@code prompts.csv} (every prompt a model received: exact text with newlines written as
 * {@code \n} so a prompt stays on one row, its template and its token ids),
 * {@code cases.csv} (every measure per case), {@code heads.csv} (the normalised head maps),
 * {@code top_heads.csv}, {@code overlap.csv}, a head-grid PNG per setting and a self-contained
 * {@code report.html}. Every file is written to a temporary name and moved into place.
 */
public final class ColorQaReport {

    static final Map<String, String> SETTING_NAMES = Map.of(ColorQaResult.VICUNA_TQA, "Vicuna text QA",
            ColorQaResult.LLAVA_TQA, "LLaVA text QA", ColorQaResult.LLAVA_VQA, "LLaVA visual QA");

    private ColorQaReport() {
    }

    /** @return the files written, by role */
    public static Map<String, Path> write(ColorQaResult r, String title, Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, Path> files = new LinkedHashMap<>();
        List<Figure> figures = ColorQaFigures.of(r);
        List<String> rows = new ArrayList<>();
        rows.add("name,ours,paper,cases,meaning");
        for (Figure f : figures) {
            rows.add(f.name() + "," + num(f.ours()) + "," + num(f.paper()) + "," + f.cases() + "," + csv(f.meaning()));
        }
        files.put("figures", write(dir.resolve("figures.csv"), rows));

        rows = new ArrayList<>();
        rows.add("case,setting,model,form,template,prompt,ids");
        for (CaseMeasures c : r.cases()) {
            for (EncodedPrompt p : c.prompts()) {
                rows.add(csv(c.caseId()) + "," + p.prompt().setting() + "," + p.model() + "," + r.options().form().id()
                        + "," + csv(oneLine(p.prompt().template())) + "," + csv(oneLine(p.prompt().text())) + ","
                        + Arrays.stream(p.ids()).mapToObj(Integer::toString).collect(Collectors.joining(" ")));
            }
        }
        files.put("prompts", write(dir.resolve("prompts.csv"), rows));

        rows = new ArrayList<>();
        rows.add("case," + Arrays.stream(Measure.values()).map(Measure::id).collect(Collectors.joining(",")) + ",seconds");
        for (CaseMeasures c : r.cases()) {
            StringBuilder b = new StringBuilder(csv(c.caseId()));
            for (Measure m : Measure.values()) {
                b.append(',').append(c.value(m).isPresent() ? num(c.get(m)) : "");
            }
            rows.add(b.append(',').append(num(c.seconds())).toString());
        }
        files.put("cases", write(dir.resolve("cases.csv"), rows));

        List<String> settings = List.copyOf(r.settings());
        rows = new ArrayList<>();
        rows.add("layer,head," + String.join(",", settings));
        if (!settings.isEmpty()) {
            double[][] first = r.map(settings.get(0));
            for (int l = 0; l < first.length; l++) {
                for (int h = 0; h < first[l].length; h++) {
                    StringBuilder b = new StringBuilder(l + "," + h);
                    for (String s : settings) {
                        b.append(',').append(num(r.scores(s).score(l, h)));
                    }
                    rows.add(b.toString());
                }
            }
        }
        files.put("heads", write(dir.resolve("heads.csv"), rows));

        rows = new ArrayList<>();
        rows.add("setting,rank,head,normalised_importance");
        for (String s : settings) {
            List<HeadId> top = r.top(s);
            for (int i = 0; i < top.size(); i++) {
                rows.add(s + "," + (i + 1) + "," + top.get(i) + "," + num(r.scores(s).score(top.get(i))));
            }
        }
        files.put("top heads", write(dir.resolve("top_heads.csv"), rows));

        rows = new ArrayList<>();
        rows.add("setting_a,setting_b,shared,of,heads,a_not_shared_in_b_top" + ColorQaFigures.WIDER_TOP
                + ",b_not_shared_in_a_top" + ColorQaFigures.WIDER_TOP);
        for (int i = 0; i < settings.size(); i++) {
            for (int j = i + 1; j < settings.size(); j++) {
                String a = settings.get(i);
                String b = settings.get(j);
                rows.add(a + "," + b + "," + r.overlap(a, b).size() + "," + r.topHeadCount() + "," + csv(join(r.overlap(a, b)))
                        + "," + csv(containment(r.notSharedInTop(a, b, ColorQaFigures.WIDER_TOP))) + ","
                        + csv(containment(r.notSharedInTop(b, a, ColorQaFigures.WIDER_TOP))));
            }
        }
        files.put("overlap", write(dir.resolve("overlap.csv"), rows));

        Map<String, String> images = new LinkedHashMap<>();
        for (String s : settings) {
            BufferedImage img = HeadGridRenderer.render(r.map(s), cell(r.map(s)));
            Path png = dir.resolve("heads_" + s + ".png");
            byte[] bytes = png(img);
            files.put("figure " + s, write(png, bytes));
            images.put(s, "data:image/png;base64," + Base64.getEncoder().encodeToString(bytes));
        }
        String html = ColorQaHtml.render(r, title, figures, images);
        files.put("report", write(dir.resolve("report.html"), html.getBytes(StandardCharsets.UTF_8)));
        return files;
    }

    /** "22_27 yes 3_1 no": each non-shared head and whether it is in the other's wider top list. */
    static String containment(Map<HeadId, Boolean> notShared) {
        return notShared.entrySet().stream().map(e -> e.getKey() + (e.getValue() ? " yes" : " no"))
                .collect(Collectors.joining(" "));
    }

    private static int cell(double[][] map) {
        int heads = map.length == 0 ? 1 : map[0].length;
        return Math.max(8, Math.min(28, 640 / Math.max(heads, 1)));
    }

    static String join(List<HeadId> heads) {
        return String.join(" ", heads.stream().map(HeadId::toString).toList());
    }

    private static Path write(Path file, List<String> rows) throws IOException {
        return write(file, (String.join("\n", rows) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Temp file in the same folder, then an atomic move: a reader never sees half a report. The temp file
     * is created with the process's default permissions (createTempFile would make the report owner-only).
     */
    static Path write(Path file, byte[] content) throws IOException {
        Path tmp = file.toAbsolutePath().resolveSibling("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.write(tmp, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return file;
    }

    /** A prompt on one CSV row: its newlines (the one after {@code <image>}) written as the two characters \n. */
    static String oneLine(String prompt) {
        return prompt.replace("\\", "\\\\").replace("\n", "\\n");
    }

    static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
    }

    private static String csv(String s) {
        return CsvField.of(s);
    }

    private static byte[] png(BufferedImage img) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }
}
