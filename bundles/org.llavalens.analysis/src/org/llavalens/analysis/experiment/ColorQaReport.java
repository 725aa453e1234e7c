package org.llavalens.analysis.experiment;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.imageio.ImageIO;

import org.llavalens.attribution.HeadId;
import org.llavalens.attribution.render.HeadGridRenderer;

/**
 * Writes the colour experiment: {@code cases.csv} (every measure per case), {@code summary.csv} (means),
 * {@code heads.csv} (the three mean normalised head maps), {@code top_heads.csv}, {@code overlap.csv}, a
 * head-grid PNG per setting, and a self-contained {@code report.html} with the figures embedded.
 */
public final class ColorQaReport {

    /** What each summary measure means, in the report's order. */
    static final Map<String, String> MEANINGS = new LinkedHashMap<>();

    static {
        MEANINGS.put("tqa_correct", "Vicuna text QA (S0): the colour is the most likely next token");
        MEANINGS.put("tqa_colour_share_top1", "share of the top head's positive position scores on the colour position");
        MEANINGS.put("tqa_colour_share_topk", "same, pooled over the top-k heads");
        MEANINGS.put("tqa_value_mrr_colour", "MRR of [C] in the colour position's value outputs of the top-k heads");
        MEANINGS.put("tqa_value_mrr_random_colour", "MRR of a random colour [C1] in the same projections");
        MEANINGS.put("tqa_value_rr_colour_top1", "reciprocal rank of [C] in the top head's value output at the colour position");
        MEANINGS.put("tqa_value_rr_random_colour_top1", "reciprocal rank of [C1] in the same projection");
        MEANINGS.put("tqa_s0_input_mrr_animal", "S0: MRR of [A] in the layer inputs at the colour position (top-k heads' layers)");
        MEANINGS.put("tqa_s0_input_mrr_other_animal", "S0: MRR of another animal [A1] in the same projections");
        MEANINGS.put("tqa_s1_input_mrr_animal", "S1 (distractor sentence first): MRR of [A] at the colour position");
        MEANINGS.put("tqa_s1_input_mrr_other_animal", "S1: MRR of [A1] at the colour position");
        MEANINGS.put("tqa_s0_attn_colour_top1", "S0: attention of the top head from the last position to the colour position");
        MEANINGS.put("tqa_s0_attn_colour_topk", "S0: mean over the top-k heads");
        MEANINGS.put("tqa_s1_attn_colour_top1", "S1: attention of the top head to [C]");
        MEANINGS.put("tqa_s1_attn_colour_topk", "S1: mean over the top-k heads");
        MEANINGS.put("tqa_s2_attn_colour_top1", "S2 (S1 asked about [A1]): attention of the top head to [C]");
        MEANINGS.put("tqa_s2_attn_colour_topk", "S2: mean over the top-k heads");
        MEANINGS.put("ltqa_correct", "LLaVA text QA (S0, no image): the colour is the most likely next token");
        MEANINGS.put("vqa_correct", "LLaVA visual QA: the colour is the most likely next token");
        MEANINGS.put("vqa_value_mrr_colour", "MRR of [C] in the top head's value outputs at its top image positions");
        MEANINGS.put("vqa_value_mrr_random_colour", "MRR of a random colour [C1] in the same projections");
        MEANINGS.put("vqa_input_mrr_animal", "MRR of [A] in the layer inputs at those positions");
        MEANINGS.put("vqa_input_mrr_other_animal", "MRR of [A1] in the same projections");
        MEANINGS.put("vqa_attn_top_positions", "attention of the top head on those positions");
        MEANINGS.put("vqa_attn_top_positions_other_question", "the same when the question names [A1]");
        MEANINGS.put("vqa_embed_mrr_colour", "embedding space: MRR of [C] for the visual embeddings at those positions");
        MEANINGS.put("vqa_embed_mrr_animal", "embedding space: MRR of [A] for the same embeddings");
        MEANINGS.put("vqa_embed_mrr_colour_random_positions", "embedding space: MRR of [C] at as many random image positions");
    }

    static final Map<String, String> SETTING_NAMES = Map.of(ColorQaResult.VICUNA_TQA, "Vicuna text QA",
            ColorQaResult.LLAVA_TQA, "LLaVA text QA", ColorQaResult.LLAVA_VQA, "LLaVA visual QA");

    private ColorQaReport() {
    }

    /** @return the files written, by role */
    public static Map<String, Path> write(ColorQaResult r, String title, Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, Path> files = new LinkedHashMap<>();
        List<String> names = r.measureNames();

        List<String> rows = new ArrayList<>();
        rows.add("case," + String.join(",", names) + ",seconds");
        for (CaseMeasures c : r.cases()) {
            StringBuilder b = new StringBuilder(csv(c.caseId()));
            for (String n : names) {
                Double v = c.values().get(n);
                b.append(',').append(v == null ? "" : num(v));
            }
            rows.add(b.append(',').append(num(c.seconds())).toString());
        }
        files.put("cases", write(dir.resolve("cases.csv"), rows));

        rows = new ArrayList<>();
        rows.add("measure,mean,cases,meaning");
        for (String n : names) {
            rows.add(n + "," + num(r.mean(n)) + "," + r.count(n) + "," + csv(MEANINGS.getOrDefault(n, "")));
        }
        files.put("summary", write(dir.resolve("summary.csv"), rows));

        List<String> settings = new ArrayList<>(r.settings());
        rows = new ArrayList<>();
        rows.add("layer,head," + String.join(",", settings));
        if (!settings.isEmpty()) {
            double[][] first = r.map(settings.get(0));
            for (int l = 0; l < first.length; l++) {
                for (int h = 0; h < first[l].length; h++) {
                    StringBuilder b = new StringBuilder(l + "," + h);
                    for (String s : settings) {
                        b.append(',').append(num(r.map(s)[l][h]));
                    }
                    rows.add(b.toString());
                }
            }
        }
        files.put("heads", write(dir.resolve("heads.csv"), rows));

        rows = new ArrayList<>();
        rows.add("setting,rank,head,mean_share");
        for (String s : settings) {
            List<HeadId> top = r.top(s);
            for (int i = 0; i < top.size(); i++) {
                rows.add(s + "," + (i + 1) + "," + top.get(i) + "," + num(r.map(s)[top.get(i).layer()][top.get(i).head()]));
            }
        }
        files.put("top heads", write(dir.resolve("top_heads.csv"), rows));

        rows = new ArrayList<>();
        rows.add("setting_a,setting_b,shared,of,heads");
        for (int i = 0; i < settings.size(); i++) {
            for (int j = i + 1; j < settings.size(); j++) {
                List<HeadId> o = r.overlap(settings.get(i), settings.get(j));
                rows.add(settings.get(i) + "," + settings.get(j) + "," + o.size() + "," + r.topHeadCount() + ","
                        + csv(join(o)));
            }
        }
        files.put("overlap", write(dir.resolve("overlap.csv"), rows));

        Map<String, String> images = new LinkedHashMap<>();
        for (String s : settings) {
            BufferedImage img = HeadGridRenderer.render(r.map(s), cell(r.map(s)));
            Path png = dir.resolve("heads_" + s + ".png");
            ImageIO.write(img, "png", png.toFile());
            files.put("figure " + s, png);
            images.put(s, dataUri(img));
        }
        Path html = dir.resolve("report.html");
        Files.writeString(html, html(r, title, settings, images), StandardCharsets.UTF_8);
        files.put("report", html);
        return files;
    }

    private static int cell(double[][] map) {
        int heads = map.length == 0 ? 1 : map[0].length;
        return Math.max(8, Math.min(28, 640 / Math.max(heads, 1)));
    }

    private static String html(ColorQaResult r, String title, List<String> settings, Map<String, String> images) {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").append(esc(title))
                .append("</title>\n<style>body{font-family:sans-serif;margin:2em;max-width:72em}"
                        + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #bbb;padding:3px 8px;"
                        + "text-align:left}td.n{text-align:right;font-family:monospace}figure{display:inline-block;"
                        + "margin:0 1em 1em 0}.note{color:#555}</style></head><body>\n");
        b.append("<h1>").append(esc(title)).append("</h1>\n");
        b.append(String.format(Locale.ROOT, "<p>%d cases measured, %d failed; %.2f s per case on average. "
                + "Every score explains the colour token [C]; head maps are each case's scores as shares of its "
                + "positive total, averaged; top-%d heads per setting.</p>\n", r.cases().size(), r.failures().size(),
                r.meanSecondsPerCase(), r.topHeadCount()));
        if (!r.failures().isEmpty()) {
            b.append("<h2>Failed cases</h2><ul>");
            r.failures().forEach(f -> b.append("<li>").append(esc(f)).append("</li>"));
            b.append("</ul>\n");
        }
        b.append("<h2>Head importance</h2>\n");
        for (String s : settings) {
            b.append("<figure><img alt=\"").append(esc(s)).append("\" src=\"").append(images.get(s))
                    .append("\"><figcaption>").append(esc(SETTING_NAMES.getOrDefault(s, s)))
                    .append(" (layers down, heads across)</figcaption></figure>\n");
        }
        b.append("<table><tr><th>rank</th>");
        settings.forEach(s -> b.append("<th>").append(esc(SETTING_NAMES.getOrDefault(s, s))).append("</th>"));
        b.append("</tr>\n");
        for (int i = 0; i < r.topHeadCount(); i++) {
            b.append("<tr><td class=\"n\">").append(i + 1).append("</td>");
            for (String s : settings) {
                List<HeadId> top = r.top(s);
                if (i < top.size()) {
                    HeadId h = top.get(i);
                    b.append(String.format(Locale.ROOT, "<td>%s &nbsp; %.1f%%</td>", h, 100 * r.map(s)[h.layer()][h.head()]));
                } else {
                    b.append("<td></td>");
                }
            }
            b.append("</tr>\n");
        }
        b.append("</table>\n<table><tr><th>settings</th><th>shared top heads</th><th>heads</th></tr>\n");
        for (int i = 0; i < settings.size(); i++) {
            for (int j = i + 1; j < settings.size(); j++) {
                List<HeadId> o = r.overlap(settings.get(i), settings.get(j));
                b.append("<tr><td>").append(esc(SETTING_NAMES.getOrDefault(settings.get(i), settings.get(i))))
                        .append(" / ").append(esc(SETTING_NAMES.getOrDefault(settings.get(j), settings.get(j))))
                        .append("</td><td class=\"n\">").append(o.size()).append(" of ").append(r.topHeadCount())
                        .append("</td><td>").append(esc(join(o))).append("</td></tr>\n");
            }
        }
        b.append("</table>\n<h2>Measures (mean over cases)</h2>\n<table><tr><th>measure</th><th>mean</th>"
                + "<th>cases</th><th>meaning</th></tr>\n");
        for (String n : r.measureNames()) {
            b.append("<tr><td>").append(esc(n)).append("</td><td class=\"n\">")
                    .append(String.format(Locale.ROOT, "%.4f", r.mean(n))).append("</td><td class=\"n\">")
                    .append(r.count(n)).append("</td><td>").append(esc(MEANINGS.getOrDefault(n, ""))).append("</td></tr>\n");
        }
        b.append("</table>\n<p class=\"note\">Text contexts: S0 “The [A] is [C].”; S1 “The [A1] is [C1]. The [A] is "
                + "[C].”; S2 the S1 context asked about [A1]. Value outputs and layer inputs are read through the "
                + "logit lens with the frozen final norm; embedding-space ranks use the dot product with embed_tokens. "
                + "Per-case values are in cases.csv.</p>\n</body></html>\n");
        return b.toString();
    }

    private static String join(List<HeadId> heads) {
        return String.join(" ", heads.stream().map(HeadId::toString).toList());
    }

    private static Path write(Path file, List<String> rows) throws IOException {
        Files.write(file, rows, StandardCharsets.UTF_8);
        return file;
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String dataUri(BufferedImage img) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(out.toByteArray());
    }
}
