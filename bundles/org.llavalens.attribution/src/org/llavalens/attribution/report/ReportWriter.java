package org.llavalens.attribution.report;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.imageio.ImageIO;

import org.llavalens.attribution.HeadId;
import org.llavalens.attribution.HeadScores;
import org.llavalens.attribution.render.HeatmapRenderer;
import org.llavalens.attribution.render.RecordRenderer;
import org.llavalens.attribution.result.AttributionRecord;
import org.llavalens.attribution.result.MethodResult;
import org.llavalens.attribution.result.ResultJson;
import org.llavalens.attribution.result.TokenRow;

/**
 * Writes one analysed case into a folder: {@code result.json}, a heatmap PNG per method with image
 * scores, {@code head_grid.png}, CSV tables (top heads, layer scores, token tables, patch scores)
 * and a self-contained {@code report.html} with every image embedded as a data URI.
 */
public final class ReportWriter {

    /** Every file written, by role. */
    public record Written(Path json, Path html, Map<String, Path> files) {
    }

    private ReportWriter() {
    }

    public static Written write(AttributionRecord record, BufferedImage crop, String answer, int topHeads, Path dir)
            throws IOException {
        Files.createDirectories(dir);
        Map<String, Path> files = new LinkedHashMap<>();
        Path json = dir.resolve("result.json");
        ResultJson.write(record, json);
        files.put("result", json);
        Map<String, String> images = new LinkedHashMap<>();
        for (MethodResult m : record.methods()) {
            if (m.failed() || m.imageScores() == null) {
                continue;
            }
            if (crop != null) {
                BufferedImage heat = RecordRenderer.heatmap(record, m.methodId(), crop);
                Path png = dir.resolve("heatmap_" + m.methodId() + ".png");
                HeatmapRenderer.writePng(heat, png);
                files.put("heatmap " + m.methodId(), png);
                images.put(m.methodId(), dataUri(heat));
            }
            Path csv = dir.resolve("image_scores_" + m.methodId() + ".csv");
            Files.writeString(csv, patchCsv(m.imageScores().toArray(), record.provenance().gridSide()), StandardCharsets.UTF_8);
            files.put("patch scores " + m.methodId(), csv);
        }
        MethodResult heads = record.methods().stream().filter(m -> !m.failed() && m.headScores() != null).findFirst()
                .orElse(null);
        String gridUri = null;
        if (heads != null) {
            BufferedImage grid = RecordRenderer.headGrid(record, heads.methodId(), cellSize(heads.headScores()));
            Path png = dir.resolve("head_grid.png");
            HeatmapRenderer.writePng(grid, png);
            files.put("head grid", png);
            gridUri = dataUri(grid);
            Path csv = dir.resolve("top_heads.csv");
            Files.writeString(csv, topHeadsCsv(heads.heads().orElseThrow(), Integer.MAX_VALUE), StandardCharsets.UTF_8);
            files.put("top heads", csv);
            if (heads.array("layer_attn_scores").isPresent() && heads.array("layer_mlp_scores").isPresent()) {
                Path lcsv = dir.resolve("layer_scores.csv");
                Files.writeString(lcsv, layerCsv(heads.array("layer_attn_scores").orElseThrow().toArray(),
                        heads.array("layer_mlp_scores").orElseThrow().toArray()),
                        StandardCharsets.UTF_8);
                files.put("layer scores", lcsv);
            }
        }
        for (Map.Entry<String, List<TokenRow>> t : record.tokenTables().entrySet()) {
            Path csv = dir.resolve("tokens_" + t.getKey() + ".csv");
            Files.writeString(csv, tokenCsv(t.getValue()), StandardCharsets.UTF_8);
            files.put("tokens " + t.getKey(), csv);
        }
        Path html = dir.resolve("report.html");
        Files.writeString(html, ReportHtml.render(record, answer, crop == null ? null : dataUri(crop), images, gridUri,
                heads, topHeads), StandardCharsets.UTF_8);
        files.put("report", html);
        return new Written(json, html, files);
    }

    static int cellSize(org.llavalens.attribution.HeadScores scores) {
        int heads = scores.numLayers() == 0 ? 1 : scores.numHeads();
        return Math.max(6, Math.min(24, 640 / Math.max(1, heads)));
    }

    static String dataUri(BufferedImage img) {
        try {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            ImageIO.write(img, "png", b);
            return "data:image/png;base64," + Base64.getEncoder().encodeToString(b.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String topHeadsCsv(HeadScores s, int limit) {
        StringBuilder b = new StringBuilder("rank,head,layer,head_index,score,percent_of_positive\n");
        List<HeadId> ranked = s.ranked();
        for (int i = 0; i < Math.min(limit, ranked.size()); i++) {
            HeadId id = ranked.get(i);
            b.append(String.format(Locale.ROOT, "%d,%s,%d,%d,%.9g,%.6f%n", i + 1, id, id.layer(), id.head(), s.score(id),
                    s.percent(id)));
        }
        return b.toString();
    }

    static String layerCsv(double[] attn, double[] mlp) {
        StringBuilder b = new StringBuilder("layer,attention_score,mlp_score\n");
        for (int l = 0; l < attn.length; l++) {
            b.append(String.format(Locale.ROOT, "%d,%.9g,%.9g%n", l, attn[l], mlp[l]));
        }
        return b.toString();
    }

    static String patchCsv(double[] scores, int side) {
        StringBuilder b = new StringBuilder("patch,row,col,score\n");
        for (int k = 0; k < scores.length; k++) {
            b.append(String.format(Locale.ROOT, "%d,%d,%d,%.9g%n", k, side == 0 ? 0 : k / side, side == 0 ? k : k % side,
                    scores[k]));
        }
        return b.toString();
    }

    static String tokenCsv(List<TokenRow> rows) {
        StringBuilder b = new StringBuilder("vector,rank,id,token,score\n");
        for (TokenRow r : rows) {
            b.append(CsvField.of(r.vector())).append(',').append(r.rank()).append(',').append(r.id()).append(',')
                    .append(CsvField.of(r.text())).append(',').append(String.format(Locale.ROOT, "%.9g", r.score())).append('\n');
        }
        return b.toString();
    }

}
