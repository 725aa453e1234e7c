package org.llavalens.ui.widgets;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;

import org.eclipse.swt.SWT;
import org.eclipse.swt.events.MouseEvent;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;

/**
 * The image canvas: the user's image with the model's crop, the strips outside it dimmed, heatmap
 * layers over the crop, an optional patch grid, patch hover and patch selection (click toggles,
 * drag selects a rectangle, Ctrl adds), zoom (wheel, keeping the point under the cursor) and pan
 * (middle or right drag, or Shift+drag). It draws what it is given; it computes no scores.
 */
public final class HeatmapCanvas extends Canvas {

    private static final int DIM_ALPHA = 150;

    private final ViewTransform transform = new ViewTransform();
    private final Map<ImageData, Image> layerImages = new IdentityHashMap<>();
    private final List<Consumer<Set<Integer>>> selectionListeners = new CopyOnWriteArrayList<>();
    private final List<IntConsumer> hoverListeners = new CopyOnWriteArrayList<>();
    private CanvasScene scene;
    private Image base;
    private List<HeatmapLayer> layers = List.of();
    private boolean grid;
    private Set<Integer> selected = new LinkedHashSet<>();
    private int hover = -1;
    private IntFunction<String> describer = p -> null;
    private String message = "No case open: pick one in the Project navigator.";

    private Point dragStart;
    private Point panLast;
    private int dragPatch = -1;
    private boolean dragAdds;

    public HeatmapCanvas(Composite parent, int style) {
        super(parent, style | SWT.DOUBLE_BUFFERED | SWT.NO_BACKGROUND);
        addPaintListener(e -> paint(e.gc, getClientArea()));
        addListener(SWT.Resize, e -> {
            if (transform.fitted()) {
                fit();
            }
        });
        addListener(SWT.MouseVerticalWheel, e -> {
            transform.zoom(e.count > 0 ? 1.25 : 0.8, e.x, e.y);
            redraw();
        });
        addListener(SWT.MouseDown, e -> mouseDown(e.x, e.y, e.button, e.stateMask));
        addListener(SWT.MouseMove, e -> mouseMove(e.x, e.y));
        addListener(SWT.MouseUp, e -> mouseUp(e.x, e.y));
        addListener(SWT.MouseDoubleClick, e -> {
            if (e.button != 1) {
                fit();
            }
        });
        addListener(SWT.MouseExit, e -> setHover(-1));
        addDisposeListener(e -> disposeImages());
    }

    public void setScene(CanvasScene value) {
        checkWidget();
        if (base != null) {
            base.dispose();
            base = null;
        }
        scene = value;
        selected = new LinkedHashSet<>();
        hover = -1;
        if (value != null) {
            base = new Image(getDisplay(), value.image());
        }
        fit();
    }

    /** What the canvas says while it has no image. */
    public void setMessage(String value) {
        message = value;
        redraw();
    }

    public CanvasScene scene() {
        return scene;
    }

    public void setLayers(List<HeatmapLayer> value) {
        checkWidget();
        layers = List.copyOf(value);
        Set<ImageData> keep = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (HeatmapLayer l : layers) {
            keep.add(l.heat());
            layerImages.computeIfAbsent(l.heat(), d -> new Image(getDisplay(), d));
        }
        layerImages.entrySet().removeIf(en -> {
            if (!keep.contains(en.getKey())) {
                en.getValue().dispose();
                return true;
            }
            return false;
        });
        redraw();
    }

    public List<HeatmapLayer> layers() {
        return layers;
    }

    public void setGridVisible(boolean value) {
        grid = value;
        redraw();
    }

    public boolean gridVisible() {
        return grid;
    }

    public void setSelectedPatches(Set<Integer> patches) {
        selected = new LinkedHashSet<>(patches);
        redraw();
    }

    public Set<Integer> selectedPatches() {
        return Set.copyOf(selected);
    }

    /** Text shown as tooltip for a hovered patch (row/column, scores, tokens); null for none. */
    public void setPatchDescriber(IntFunction<String> value) {
        describer = value == null ? p -> null : value;
    }

    public void addPatchSelectionListener(Consumer<Set<Integer>> l) {
        selectionListeners.add(l);
    }

    public void addPatchHoverListener(IntConsumer l) {
        hoverListeners.add(l);
    }

    public int hoveredPatch() {
        return hover;
    }

    public void fit() {
        if (scene != null) {
            Rectangle area = getClientArea();
            transform.fit(scene.image().width, scene.image().height, area.width, area.height);
        }
        redraw();
    }

    public void zoom(double factor) {
        Rectangle area = getClientArea();
        transform.zoom(factor, area.width / 2.0, area.height / 2.0);
        redraw();
    }

    public ViewTransform transform() {
        return transform;
    }

    /** Screen position of the centre of a patch, for tests and for keyboard users. */
    public Point patchCentre(int patch) {
        double[] b = scene.patchBounds(patch);
        return new Point(transform.toScreenX(b[0] + b[2] / 2), transform.toScreenY(b[1] + b[3] / 2));
    }

    void paint(GC gc, Rectangle area) {
        gc.setBackground(getDisplay().getSystemColor(SWT.COLOR_WIDGET_DARK_SHADOW));
        gc.fillRectangle(area);
        if (scene == null) {
            gc.setForeground(getDisplay().getSystemColor(SWT.COLOR_WHITE));
            gc.drawText(message, 10, 10, true);
            return;
        }
        ImageData img = scene.image();
        int x0 = transform.toScreenX(0);
        int y0 = transform.toScreenY(0);
        int x1 = transform.toScreenX(img.width);
        int y1 = transform.toScreenY(img.height);
        gc.drawImage(base, 0, 0, img.width, img.height, x0, y0, x1 - x0, y1 - y0);
        Rectangle crop = screenCrop();
        dimOutside(gc, new Rectangle(x0, y0, x1 - x0, y1 - y0), crop);
        for (HeatmapLayer l : layers) {
            Image li = layerImages.get(l.heat());
            if (l.visible() && l.opacity() > 0 && li != null) {
                gc.setAlpha(l.opacity());
                gc.drawImage(li, 0, 0, l.heat().width, l.heat().height, crop.x, crop.y, crop.width, crop.height);
            }
        }
        gc.setAlpha(255);
        if (grid) {
            drawGrid(gc, crop);
        }
        drawPatches(gc);
        Color frame = getDisplay().getSystemColor(SWT.COLOR_GRAY);
        gc.setForeground(frame);
        gc.drawRectangle(crop.x, crop.y, crop.width - 1, crop.height - 1);
    }

    private Rectangle screenCrop() {
        Rectangle c = scene.crop();
        int cx = transform.toScreenX(c.x);
        int cy = transform.toScreenY(c.y);
        return new Rectangle(cx, cy, transform.toScreenX(c.x + c.width) - cx, transform.toScreenY(c.y + c.height) - cy);
    }

    private void dimOutside(GC gc, Rectangle image, Rectangle crop) {
        gc.setBackground(getDisplay().getSystemColor(SWT.COLOR_BLACK));
        gc.setAlpha(DIM_ALPHA);
        Rectangle inside = image.intersection(crop);
        // four strips around the crop (any of them may be empty)
        fill(gc, image.x, image.y, image.width, inside.y - image.y);
        fill(gc, image.x, inside.y + inside.height, image.width, image.y + image.height - inside.y - inside.height);
        fill(gc, image.x, inside.y, inside.x - image.x, inside.height);
        fill(gc, inside.x + inside.width, inside.y, image.x + image.width - inside.x - inside.width, inside.height);
        gc.setAlpha(255);
    }

    private static void fill(GC gc, int x, int y, int w, int h) {
        if (w > 0 && h > 0) {
            gc.fillRectangle(x, y, w, h);
        }
    }

    private void drawGrid(GC gc, Rectangle crop) {
        gc.setForeground(getDisplay().getSystemColor(SWT.COLOR_CYAN));
        gc.setAlpha(110);
        int side = scene.gridSide();
        for (int k = 1; k < side; k++) {
            int x = crop.x + (int) Math.round((double) k * crop.width / side);
            int y = crop.y + (int) Math.round((double) k * crop.height / side);
            gc.drawLine(x, crop.y, x, crop.y + crop.height);
            gc.drawLine(crop.x, y, crop.x + crop.width, y);
        }
        gc.setAlpha(255);
    }

    private void drawPatches(GC gc) {
        gc.setLineWidth(2);
        gc.setForeground(getDisplay().getSystemColor(SWT.COLOR_YELLOW));
        for (int p : selected) {
            drawPatch(gc, p);
        }
        if (dragStart != null && dragPatch >= 0 && hover >= 0) {
            for (int p : rectangle(dragPatch, hover)) {
                drawPatch(gc, p);
            }
        }
        if (hover >= 0) {
            gc.setForeground(getDisplay().getSystemColor(SWT.COLOR_WHITE));
            drawPatch(gc, hover);
        }
        gc.setLineWidth(1);
    }

    private void drawPatch(GC gc, int p) {
        double[] b = scene.patchBounds(p);
        int x = transform.toScreenX(b[0]);
        int y = transform.toScreenY(b[1]);
        gc.drawRectangle(x, y, transform.toScreenX(b[0] + b[2]) - x, transform.toScreenY(b[1] + b[3]) - y);
    }

    private int patchAtScreen(int sx, int sy) {
        return scene == null ? -1 : scene.patchAt(transform.toImageX(sx), transform.toImageY(sy));
    }

    private void mouseDown(int x, int y, int button, int state) {
        setFocus();
        if (button == 2 || button == 3 || (button == 1 && (state & SWT.SHIFT) != 0)) {
            panLast = new Point(x, y);
            return;
        }
        if (button == 1 && scene != null) {
            dragStart = new Point(x, y);
            dragPatch = patchAtScreen(x, y);
            dragAdds = (state & SWT.MOD1) != 0;
        }
    }

    private void mouseMove(int x, int y) {
        if (panLast != null) {
            transform.pan(x - panLast.x, y - panLast.y);
            panLast = new Point(x, y);
            redraw();
            return;
        }
        setHover(patchAtScreen(x, y));
    }

    private void mouseUp(int x, int y) {
        if (panLast != null) {
            panLast = null;
            return;
        }
        if (dragStart == null) {
            return;
        }
        int end = patchAtScreen(x, y);
        boolean click = Math.abs(x - dragStart.x) < 4 && Math.abs(y - dragStart.y) < 4;
        Set<Integer> next = new LinkedHashSet<>(selected);
        if (click && end >= 0) {
            if (!next.remove(end)) {
                next.add(end);
            }
        } else if (dragPatch >= 0 && end >= 0) {
            if (!dragAdds) {
                next.clear();
            }
            next.addAll(rectangle(dragPatch, end));
        }
        dragStart = null;
        dragPatch = -1;
        if (!next.equals(selected)) {
            selected = next;
            Set<Integer> copy = Set.copyOf(next);
            selectionListeners.forEach(l -> l.accept(copy));
        }
        redraw();
    }

    private List<Integer> rectangle(int a, int b) {
        int side = scene.gridSide();
        List<Integer> out = new ArrayList<>();
        for (int r = Math.min(a / side, b / side); r <= Math.max(a / side, b / side); r++) {
            for (int c = Math.min(a % side, b % side); c <= Math.max(a % side, b % side); c++) {
                out.add(r * side + c);
            }
        }
        return out;
    }

    private void setHover(int patch) {
        if (patch == hover) {
            return;
        }
        hover = patch;
        setToolTipText(patch < 0 ? null : describer.apply(patch));
        hoverListeners.forEach(l -> l.accept(patch));
        redraw();
    }

    /**
     * The crop with its visible layers and grid at the crop's own resolution (what the model saw),
     * for PNG export. The caller disposes nothing: image data only.
     */
    public ImageData renderCrop() {
        checkWidget();
        if (scene == null) {
            throw new IllegalStateException("no image on the canvas");
        }
        Rectangle c = scene.crop();
        Display d = getDisplay();
        Image out = new Image(d, c.width, c.height);
        GC gc = new GC(out);
        try {
            // a padded crop reaches past the image: draw only the part that exists
            Rectangle in = c.intersection(new Rectangle(0, 0, scene.image().width, scene.image().height));
            if (!in.isEmpty()) {
                gc.drawImage(base, in.x, in.y, in.width, in.height, in.x - c.x, in.y - c.y, in.width, in.height);
            }
            Rectangle target = new Rectangle(0, 0, c.width, c.height);
            for (HeatmapLayer l : layers) {
                Image li = layerImages.get(l.heat());
                if (l.visible() && l.opacity() > 0 && li != null) {
                    gc.setAlpha(l.opacity());
                    gc.drawImage(li, 0, 0, l.heat().width, l.heat().height, 0, 0, c.width, c.height);
                }
            }
            gc.setAlpha(255);
            if (grid) {
                drawGrid(gc, target);
            }
            return out.getImageData();
        } finally {
            gc.dispose();
            out.dispose();
        }
    }

    private void disposeImages() {
        if (base != null) {
            base.dispose();
        }
        layerImages.values().forEach(Image::dispose);
        layerImages.clear();
    }
}
