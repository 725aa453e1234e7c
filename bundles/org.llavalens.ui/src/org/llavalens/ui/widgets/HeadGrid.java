package org.llavalens.ui.widgets;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.DoubleToIntFunction;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.llavalens.attribution.HeadId;

/**
 * The L x H head grid (layers down, heads across, as the paper's figure): one cell per head
 * colored by its signed score on a diverging map centred at 0, a legend with the symmetric range,
 * hover tooltips and selection: a click selects one head, Ctrl+click adds or removes one, Esc
 * clears; selected cells are outlined, the last clicked one thicker. The palette maps [0, 1] to 0xRRGGBB and comes from the
 * caller (the attribution bundle's color maps).
 */
public final class HeadGrid extends Canvas {

    private static final int LEFT = 34;
    private static final int TOP = 36;
    private static final int LEGEND = 70;

    private final List<BiConsumer<Integer, Integer>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<Set<HeadId>>> setListeners = new CopyOnWriteArrayList<>();
    private final LinkedHashSet<HeadId> selected = new LinkedHashSet<>();
    private double[][] scores = new double[0][0];
    private double max;
    private double positiveTotal;
    private DoubleToIntFunction palette = t -> {
        int v = (int) Math.round(255 * Math.max(0, Math.min(1, t)));
        return (v << 16) | (v << 8) | v;
    };
    private int selLayer = -1;
    private int selHead = -1;

    public HeadGrid(Composite parent, int style) {
        super(parent, style | SWT.DOUBLE_BUFFERED);
        addPaintListener(e -> paint(e.gc));
        addListener(SWT.MouseMove, e -> {
            int[] c = cellAt(e.x, e.y);
            setToolTipText(c == null ? null : describe(c[0], c[1]));
        });
        addListener(SWT.MouseDown, e -> {
            int[] c = cellAt(e.x, e.y);
            if (c != null && e.button == 1) {
                setFocus();
                click(c[0], c[1], (e.stateMask & SWT.MOD1) != 0);
            }
        });
        addListener(SWT.KeyDown, e -> {
            if (e.keyCode == SWT.ESC && (!selected.isEmpty() || selLayer >= 0)) {
                setSelectedHeads(List.of(), null);
                setListeners.forEach(l -> l.accept(selectedHeads()));
            }
        });
    }

    /**
     * What a click does: without {@code toggle} the head becomes the only selected one; with it
     * the head is added (and becomes the last clicked) or removed.
     */
    public void click(int layer, int head, boolean toggle) {
        HeadId id = new HeadId(layer, head);
        boolean added = true;
        if (!toggle) {
            selected.clear();
            selected.add(id);
        } else if (!selected.remove(id)) {
            selected.add(id);
        } else {
            added = false;
        }
        if (added) {
            selLayer = layer;
            selHead = head;
        } else if (selLayer == layer && selHead == head) {
            selLayer = -1;
            selHead = -1;
        }
        redraw();
        setListeners.forEach(l -> l.accept(selectedHeads()));
        if (added) {
            listeners.forEach(l -> l.accept(layer, head));
        }
    }

    public void setPalette(DoubleToIntFunction value) {
        palette = value;
        redraw();
    }

    /** [L][H] raw head scores; the colors centre 0 and scale by the largest magnitude. */
    public void setScores(double[][] value) {
        scores = value == null ? new double[0][0] : value;
        max = 0;
        positiveTotal = 0;
        for (double[] row : scores) {
            for (double s : row) {
                max = Math.max(max, Math.abs(s));
                positiveTotal += s > 0 ? s : 0;
            }
        }
        selLayer = -1;
        selHead = -1;
        selected.clear();
        redraw();
    }

    /** Makes one head the selection, without telling the listeners. */
    public void select(int layer, int head) {
        selected.clear();
        selected.add(new HeadId(layer, head));
        selLayer = layer;
        selHead = head;
        redraw();
    }

    /** Outlines these heads, {@code last} (if among them) as the last clicked, without telling the listeners. */
    public void setSelectedHeads(Collection<HeadId> heads, HeadId last) {
        selected.clear();
        selected.addAll(heads);
        boolean has = last != null && selected.contains(last);
        selLayer = has ? last.layer() : -1;
        selHead = has ? last.head() : -1;
        redraw();
    }

    /** The outlined heads, in the order they were picked. */
    public Set<HeadId> selectedHeads() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(selected));
    }

    /** Told the whole selection after every click, Ctrl+click and Esc. */
    public void addSelectionSetListener(Consumer<Set<HeadId>> l) {
        setListeners.add(l);
    }

    public int[] selection() {
        return selLayer < 0 ? null : new int[] { selLayer, selHead };
    }

    /** Told the head a click selected or Ctrl+click added (not one Ctrl+click removed). */
    public void addHeadSelectionListener(BiConsumer<Integer, Integer> l) {
        listeners.add(l);
    }

    public String describe(int layer, int head) {
        double s = scores[layer][head];
        double pct = positiveTotal > 0 ? 100 * s / positiveTotal : 0;
        return String.format(Locale.ROOT, "head %d_%d  S = %+.4f  (%.1f%% of the positive total)", layer, head, s, pct);
    }

    private int heads() {
        return scores.length == 0 ? 0 : scores[0].length;
    }

    private int cell() {
        Rectangle a = getClientArea();
        int layers = scores.length;
        int heads = heads();
        if (layers == 0 || heads == 0) {
            return 0;
        }
        int byW = (a.width - LEFT - LEGEND - 12) / heads;
        int byH = (a.height - TOP - 8) / layers;
        return Math.max(2, Math.min(byW, byH));
    }

    /** Screen centre of a cell, for tests and keyboard users. */
    public Point cellCentre(int layer, int head) {
        int c = cell();
        return new Point(LEFT + head * c + c / 2, TOP + layer * c + c / 2);
    }

    private int[] cellAt(int x, int y) {
        int c = cell();
        if (c == 0) {
            return null;
        }
        int h = (x - LEFT) / c;
        int l = (y - TOP) / c;
        if (x < LEFT || y < TOP || l >= scores.length || h >= heads()) {
            return null;
        }
        return new int[] { l, h };
    }

    private void paint(GC gc) {
        Rectangle a = getClientArea();
        gc.setBackground(getDisplay().getSystemColor(SWT.COLOR_WHITE));
        gc.fillRectangle(a);
        gc.setForeground(getDisplay().getSystemColor(SWT.COLOR_BLACK));
        int c = cell();
        if (c == 0) {
            gc.drawText("No head scores: run the analysis of a case.", 8, 8, true);
            return;
        }
        int layers = scores.length;
        int heads = heads();
        for (int l = 0; l < layers; l++) {
            for (int h = 0; h < heads; h++) {
                double t = max > 0 ? 0.5 + 0.5 * scores[l][h] / max : 0.5;
                fill(gc, palette.applyAsInt(t), LEFT + h * c, TOP + l * c, c, c);
            }
        }
        gc.drawText("head \u2192   layer \u2193", LEFT, 2, true);
        int step = Math.max(1, (int) Math.ceil(16.0 / c));
        for (int h = 0; h < heads; h += step) {
            gc.drawText(Integer.toString(h), LEFT + h * c, TOP - 17, true);
        }
        for (int l = 0; l < layers; l += step) {
            gc.drawText(Integer.toString(l), 4, TOP + l * c + Math.max(0, c / 2 - 7), true);
        }
        gc.setForeground(getDisplay().getSystemColor(SWT.COLOR_DARK_GREEN));
        for (HeadId id : selected) {
            if (id.layer() < layers && id.head() < heads) {
                boolean last = id.layer() == selLayer && id.head() == selHead;
                gc.setLineWidth(last ? 3 : 2);
                gc.drawRectangle(LEFT + id.head() * c - 1, TOP + id.layer() * c - 1, c + 1, c + 1);
            }
        }
        gc.setLineWidth(1);
        gc.setForeground(getDisplay().getSystemColor(SWT.COLOR_BLACK));
        legend(gc, LEFT + heads * c + 12, Math.max(layers * c, 100));
    }

    private void legend(GC gc, int x, int height) {
        for (int y = 0; y < height; y++) {
            fill(gc, palette.applyAsInt(1 - (double) y / (height - 1)), x, TOP + y, 12, 1);
        }
        gc.drawText(String.format(Locale.ROOT, "%+.3g", max), x + 15, TOP - 2, true);
        gc.drawText("0", x + 15, TOP + height / 2 - 7, true);
        gc.drawText(String.format(Locale.ROOT, "%+.3g", -max), x + 15, TOP + height - 14, true);
    }

    private void fill(GC gc, int rgb, int x, int y, int w, int h) {
        Color color = new Color(new RGB((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF));
        gc.setBackground(color);
        gc.fillRectangle(x, y, w, h);
    }
}
