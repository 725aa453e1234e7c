package org.llavalens.annotation.io.export;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.llavalens.annotation.AnnotationProject;
import org.llavalens.annotation.model.Case;
import org.llavalens.annotation.store.AtomicFiles;
import org.llavalens.attribution.result.MethodResult;
import org.llavalens.runtime.image.CropGeometry;
import org.llavalens.runtime.io.Npy;
import org.llavalens.runtime.io.NpyArray;

/**
 * The raw scores behind a case's heatmaps, for analysis and FiftyOne rather than eyes: per saved
 * result and method, the patch scores as float32 {@code [grid, grid]} ({@code -patches.npy}) and the
 * same map resampled onto the original image as float32 {@code [H, W]} ({@code -image.npy}: each pixel
 * takes the score of the patch it falls in through the crop geometry; pixels the model never saw,
 * cut by the crop or in padding, are NaN); and as SVG for papers, the patch map ({@code -patches.svg})
 * and the layers x heads grid ({@code -heads.svg}), drawn in grey from the lowest to the highest score.
 */
public record RawMaps(AnnotationProject project, Path exportFolder, Path mapsFolder) {

    /** Writes the maps of {@code c}; returns their paths relative to the export's folder. */
    public List<String> write(Case c) throws IOException {
        List<String> written = new ArrayList<>();
        for (CaseResults.Linked r : CaseResults.of(project, c)) {
            var prov = r.record().provenance();
            for (MethodResult m : r.record().methods()) {
                if (m.failed()) {
                    continue;
                }
                String base = safe(r.id()) + "-" + safe(m.methodId());
                Path dir = mapsFolder.resolve(safe(c.getId()));
                if (m.imageScores() != null) {
                    double[] patches = m.imageScores().toArray();
                    int grid = prov != null && prov.gridSide() > 0 ? prov.gridSide()
                            : (int) Math.round(Math.sqrt(patches.length));
                    if (grid * grid == patches.length) {
                        written.add(npy(dir.resolve(base + "-patches.npy"),
                                NpyArray.ofFloats(floats(patches), grid, grid)));
                        if (prov != null && prov.crop() != null) {
                            CropGeometry g = prov.crop();
                            written.add(npy(dir.resolve(base + "-image.npy"), NpyArray.ofFloats(
                                    onImage(patches, grid, g), g.originalHeight(), g.originalWidth())));
                        }
                        written.add(svg(dir.resolve(base + "-patches.svg"), grid(toRows(patches, grid),
                                m.label() + ": patch scores")));
                    }
                }
                if (m.headScores() != null && m.headScores().numLayers() > 0) {
                    written.add(svg(dir.resolve(base + "-heads.svg"), grid(m.headScores().raw(),
                            m.label() + ": head scores (rows: layers, columns: heads)")));
                }
            }
        }
        return written;
    }

    /**
     * The patch map on the original image: pixel centre -> padded canvas -> resized image -> crop ->
     * patch (the inverse of {@link CropGeometry#toOriginal}).
     */
    static float[] onImage(double[] patches, int grid, CropGeometry g) {
        int w = g.originalWidth();
        int h = g.originalHeight();
        float[] out = new float[w * h];
        double cellX = (double) g.cropWidth() / grid;
        double cellY = (double) g.cropHeight() / grid;
        for (int y = 0; y < h; y++) {
            double cy = (y + 0.5 + g.padY()) * g.resizedHeight() / g.paddedHeight() - g.cropTop();
            int row = (int) Math.floor(cy / cellY);
            for (int x = 0; x < w; x++) {
                double cx = (x + 0.5 + g.padX()) * g.resizedWidth() / g.paddedWidth() - g.cropLeft();
                int col = (int) Math.floor(cx / cellX);
                boolean seen = cx >= 0 && cy >= 0 && row < grid && col < grid;
                out[y * w + x] = seen ? (float) patches[row * grid + col] : Float.NaN;
            }
        }
        return out;
    }

    private String npy(Path file, NpyArray array) throws IOException {
        Files.createDirectories(file.getParent());
        Npy.write(file, array);
        return relative(file);
    }

    private String svg(Path file, String text) throws IOException {
        AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8), false);
        return relative(file);
    }

    private String relative(Path file) {
        return exportFolder.relativize(file).toString().replace('\\', '/');
    }

    /** One square per value, grey from the lowest (black) to the highest (white), the value as its tooltip. */
    static String grid(double[][] values, String title) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] row : values) {
            for (double v : row) {
                if (Double.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        int rows = values.length;
        int cols = values[0].length;
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
                + "width=\"%d\" height=\"%d\" shape-rendering=\"crispEdges\">%n", cols, rows, cols * 12, rows * 12));
        b.append("<title>").append(LabelStudioConfig.attr(title)).append("</title>\n");
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double v = values[r][c];
                int grey = !Double.isFinite(v) || max <= min ? 0 : (int) Math.round(255 * (v - min) / (max - min));
                b.append(String.format(Locale.ROOT,
                        "<rect x=\"%d\" y=\"%d\" width=\"1\" height=\"1\" fill=\"rgb(%d,%d,%d)\"><title>%d_%d %s</title></rect>%n",
                        c, r, grey, grey, grey, r, c, Double.toString(v)));
            }
        }
        return b.append("</svg>\n").toString();
    }

    private static double[][] toRows(double[] flat, int grid) {
        double[][] rows = new double[grid][grid];
        for (int i = 0; i < flat.length; i++) {
            rows[i / grid][i % grid] = flat[i];
        }
        return rows;
    }

    private static float[] floats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    private static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
