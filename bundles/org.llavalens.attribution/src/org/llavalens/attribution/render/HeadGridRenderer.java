package org.llavalens.attribution.render;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Locale;

/**
 * The paper's head figure: one cell per head (layers down, heads across), colored by the signed
 * head score on a diverging map centred at 0 (so a red cell raised log p(b), a blue one lowered
 * it), with a legend bar labelled with the symmetric range.
 */
public final class HeadGridRenderer {

    private HeadGridRenderer() {
    }

    public static BufferedImage render(double[][] scores, int cell) {
        int layers = scores.length;
        int heads = layers == 0 ? 0 : scores[0].length;
        int left = 36;
        int top = 22;
        int legendW = 70;
        int width = left + heads * cell + 12 + legendW;
        int height = Math.max(top + layers * cell + 8, top + 120);
        double max = 0;
        for (double[] row : scores) {
            for (double s : row) {
                max = Math.max(max, Math.abs(s));
            }
        }
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            for (int l = 0; l < layers; l++) {
                for (int h = 0; h < heads; h++) {
                    double t = max > 0 ? 0.5 + 0.5 * scores[l][h] / max : 0.5;
                    g.setColor(new Color(Colormap.DIVERGING.rgb(t)));
                    g.fillRect(left + h * cell, top + l * cell, cell, cell);
                }
            }
            labels(g, layers, heads, cell, left, top);
            int lx = left + heads * cell + 12;
            int lh = Math.max(layers * cell, 100);
            for (int y = 0; y < lh; y++) {
                g.setColor(new Color(Colormap.DIVERGING.rgb(1 - (double) y / (lh - 1))));
                g.fillRect(lx, top + y, 12, 1);
            }
            g.setColor(Color.BLACK);
            g.drawString(String.format(Locale.ROOT, "%+.3g", max), lx + 15, top + 8);
            g.drawString("0", lx + 15, top + lh / 2 + 4);
            g.drawString(String.format(Locale.ROOT, "%+.3g", -max), lx + 15, top + lh);
        } finally {
            g.dispose();
        }
        return img;
    }

    private static void labels(Graphics2D g, int layers, int heads, int cell, int left, int top) {
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        g.setColor(Color.BLACK);
        g.drawString("head \u2192", left, 10);
        g.drawString("layer", 2, 10);
        int step = Math.max(1, (int) Math.ceil(14.0 / cell));
        for (int h = 0; h < heads; h += step) {
            g.drawString(Integer.toString(h), left + h * cell + 1, top - 2);
        }
        for (int l = 0; l < layers; l += step) {
            g.drawString(Integer.toString(l), 4, top + l * cell + Math.min(cell, 12) - 1);
        }
    }
}
