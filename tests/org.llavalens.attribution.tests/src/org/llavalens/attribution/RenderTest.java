package org.llavalens.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llavalens.attribution.render.Colormap;
import org.llavalens.attribution.render.HeadGridRenderer;
import org.llavalens.attribution.render.HeatmapRenderer;
import org.llavalens.attribution.render.HeatmapStyle;

class RenderTest {

    private static int luminance(int rgb) {
        return ((rgb >> 16) & 0xFF) + ((rgb >> 8) & 0xFF) + (rgb & 0xFF);
    }

    @Test
    void theMaxScorePatchIsTheBrightest() {
        double[] s = new double[16];
        for (int k = 0; k < 16; k++) {
            s[k] = 0.1 * k % 0.7;
        }
        s[9] = 2.0; // row 2, column 1
        BufferedImage img = HeatmapRenderer.render(s, 4, 56, 56, new HeatmapStyle(Colormap.GRAY, ScoreNormalization.MIN_MAX, 1, false));
        int best = -1;
        int bx = 0;
        int by = 0;
        for (int y = 0; y < 56; y++) {
            for (int x = 0; x < 56; x++) {
                int l = luminance(img.getRGB(x, y));
                if (l > best) {
                    best = l;
                    bx = x;
                    by = y;
                }
            }
        }
        assertEquals(1, bx / 14);
        assertEquals(2, by / 14);
        assertEquals(3 * 255, luminance(img.getRGB(1 * 14 + 7, 2 * 14 + 7)), 3 * 2, "centre of the max patch is white");
    }

    @Test
    void upsamplingAConstantGridGivesAConstantImage() {
        double[] s = new double[9];
        java.util.Arrays.fill(s, 0.3);
        BufferedImage img = HeatmapRenderer.render(s, 3, 30, 30, new HeatmapStyle(Colormap.VIRIDIS, ScoreNormalization.RAW, 1, false));
        // raw scores are stretched to [0,1]; all equal -> the map's bottom color everywhere
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 30; x++) {
                assertEquals(Colormap.VIRIDIS.rgb(0), img.getRGB(x, y) & 0xFFFFFF);
            }
        }
    }

    @Test
    void gridLinesSitOnPatchBorders() {
        double[] s = new double[16];
        BufferedImage img = HeatmapRenderer.render(s, 4, 56, 56, new HeatmapStyle(Colormap.GRAY, ScoreNormalization.MIN_MAX, 1, true));
        int grid = 0x00C0FF;
        for (int k = 1; k < 4; k++) {
            for (int i = 0; i < 56; i++) {
                assertEquals(grid, img.getRGB(14 * k, i) & 0xFFFFFF);
                assertEquals(grid, img.getRGB(i, 14 * k) & 0xFFFFFF);
            }
        }
        assertEquals(0, img.getRGB(7, 7) & 0xFFFFFF, "inside a patch: the (black) heat colour");
    }

    @Test
    void divergingMapIsCentredAtZero() {
        double[] s = { -1, 0, 0, 0.5 };
        BufferedImage img = HeatmapRenderer.render(s, 2, 42, 42, new HeatmapStyle(Colormap.DIVERGING, ScoreNormalization.MIN_MAX, 1, false));
        int centre = Colormap.DIVERGING.rgb(0.5);
        assertEquals(0xF7F7F7, centre, "white at 0");
        // patch (0,1) holds a score of exactly 0: the pixel at its centre is the neutral color
        assertEquals(centre, img.getRGB(31, 10) & 0xFFFFFF);
        int neg = img.getRGB(10, 10);
        int pos = img.getRGB(31, 31);
        assertTrue((neg & 0xFF) > ((neg >> 16) & 0xFF), "negative scores are blue");
        assertTrue(((pos >> 16) & 0xFF) > (pos & 0xFF), "positive scores are red");
    }

    @Test
    void overlayBlendsWithTheCropAtTheGivenOpacity() {
        BufferedImage crop = new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                crop.setRGB(x, y, 0x804020);
            }
        }
        double[] s = { 0, 0, 0, 0 };
        BufferedImage img = HeatmapRenderer.overlay(s, 2, crop, new HeatmapStyle(Colormap.GRAY, ScoreNormalization.MIN_MAX, 0.25, false));
        // heat is black (all-equal scores): 75% of the photo remains
        assertEquals(0x60, (img.getRGB(3, 3) >> 16) & 0xFF);
        assertEquals(0x30, (img.getRGB(3, 3) >> 8) & 0xFF);
        assertEquals(0x18, img.getRGB(3, 3) & 0xFF);
    }

    @Test
    void theCropIsRecoveredFromThePixelValuesTheModelSaw() throws Exception {
        org.llavalens.attribution.fixture.Fixture f = org.llavalens.attribution.fixture.Fixture.load("a");
        float[] pixels = f.input("pixel_values").floats();
        BufferedImage crop = org.llavalens.attribution.render.CropImage.fromPixelValues(pixels, 56, 56,
                new double[] { 0.48145466, 0.4578275, 0.40821073 }, new double[] { 0.26862954, 0.26130258, 0.27577711 });
        BufferedImage png = ImageIO.read(f.dir().resolve("image.png").toFile());
        for (int y = 0; y < 56; y++) {
            for (int x = 0; x < 56; x++) {
                assertEquals(png.getRGB(x, y) & 0xFFFFFF, crop.getRGB(x, y) & 0xFFFFFF, "pixel " + x + "," + y);
            }
        }
    }

    @Test
    void headGridColorsEachHeadAndWritesAPng(@TempDir Path dir) throws Exception {
        double[][] s = { { 1.0, 0, -0.5 }, { 0, 0.2, 0 } };
        int cell = 16;
        BufferedImage img = HeadGridRenderer.render(s, cell);
        int left = 36;
        int top = 22;
        assertEquals(Colormap.DIVERGING.rgb(1.0), img.getRGB(left + cell / 2, top + cell / 2) & 0xFFFFFF);
        assertEquals(Colormap.DIVERGING.rgb(0.5), img.getRGB(left + cell + cell / 2, top + cell / 2) & 0xFFFFFF);
        assertEquals(Colormap.DIVERGING.rgb(0.25), img.getRGB(left + 2 * cell + cell / 2, top + cell / 2) & 0xFFFFFF);
        Path png = dir.resolve("grid.png");
        HeatmapRenderer.writePng(img, png);
        BufferedImage back = ImageIO.read(png.toFile());
        assertEquals(img.getWidth(), back.getWidth());
        assertEquals(img.getRGB(left + 1, top + 1), back.getRGB(left + 1, top + 1));
    }
}
