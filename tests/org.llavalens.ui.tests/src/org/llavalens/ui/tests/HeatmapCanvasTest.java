package org.llavalens.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.junit.jupiter.api.Test;
import org.llavalens.ui.widgets.CanvasScene;
import org.llavalens.ui.widgets.HeatmapCanvas;
import org.llavalens.ui.widgets.HeatmapLayer;

/** The canvas draws what it is given where it belongs: layers over the crop, strips dimmed, patches picked. */
class HeatmapCanvasTest {

    /** A 480x336 image whose centre 336x336 is the crop: the layer is red in patch (row 2, col 3) only. */
    private static CanvasScene scene() {
        return new CanvasScene(WidgetShell.solid(480, 336, 0x808080), new Rectangle(72, 0, 336, 336), 24);
    }

    private static ImageData oneHotPatch(int row, int col) {
        ImageData d = WidgetShell.solid(336, 336, 0x000000);
        for (int y = row * 14; y < row * 14 + 14; y++) {
            for (int x = col * 14; x < col * 14 + 14; x++) {
                d.setPixel(x, y, 0xFF0000);
            }
        }
        return d;
    }

    @Test
    void theLayerChangesPixelsOnlyWhereItIsAndTheCutAwayStripsAreDimmed() throws Exception {
        try (WidgetShell<HeatmapCanvas> w = new WidgetShell<>(600, 420, s -> new HeatmapCanvas(s, SWT.NONE))) {
            UiTestSupport.onUi(() -> w.widget.setScene(scene()));
            ImageData before = w.pixels();
            Point hot = UiTestSupport.onUi(() -> w.widget.patchCentre(2 * 24 + 3));
            Point cold = UiTestSupport.onUi(() -> w.widget.patchCentre(20 * 24 + 20));
            UiTestSupport.onUi(() -> w.widget.setLayers(List.of(new HeatmapLayer("t", "test", oneHotPatch(2, 3), 255, true))));
            ImageData after = w.pixels();
            RGB hotRgb = WidgetShell.rgb(after, hot.x, hot.y);
            assertNotEquals(WidgetShell.rgb(before, hot.x, hot.y), hotRgb, "the heatmap patch did not change");
            assertTrue(hotRgb.red > 200 && hotRgb.green < 60, "the heatmap patch is not red: " + hotRgb);
            RGB coldRgb = WidgetShell.rgb(after, cold.x, cold.y);
            assertTrue(coldRgb.red < 40, "an opaque black layer must cover the cold patch: " + coldRgb);

            UiTestSupport.onUi(() -> w.widget.setLayers(List.of(new HeatmapLayer("t", "test", oneHotPatch(2, 3), 0, true))));
            ImageData hidden = w.pixels();
            assertEquals(WidgetShell.rgb(before, hot.x, hot.y), WidgetShell.rgb(hidden, hot.x, hot.y),
                    "opacity 0 must show the image unchanged");
            Point strip = UiTestSupport.onUi(() -> new Point(w.widget.transform().toScreenX(20),
                    w.widget.transform().toScreenY(100)));
            RGB stripRgb = WidgetShell.rgb(hidden, strip.x, strip.y);
            RGB cropRgb = WidgetShell.rgb(hidden, cold.x, cold.y);
            assertTrue(stripRgb.red < cropRgb.red - 40, "the cut-away strip is not dimmed: " + stripRgb + " vs " + cropRgb);
            UiTestSupport.screenshot(w.shell, "widget-canvas");
        }
    }

    @Test
    void clickTogglesAPatchAndTheListenerHearsIt() {
        try (WidgetShell<HeatmapCanvas> w = new WidgetShell<>(600, 420, s -> new HeatmapCanvas(s, SWT.NONE))) {
            List<Set<Integer>> heard = new ArrayList<>();
            UiTestSupport.onUi(() -> {
                w.widget.setScene(scene());
                w.widget.addPatchSelectionListener(heard::add);
            });
            Point p = UiTestSupport.onUi(() -> w.widget.patchCentre(5 * 24 + 7));
            w.click(p.x, p.y);
            assertEquals(Set.of(5 * 24 + 7), UiTestSupport.onUi(w.widget::selectedPatches));
            w.click(p.x, p.y);
            assertEquals(Set.of(), UiTestSupport.onUi(w.widget::selectedPatches));
            assertEquals(List.of(Set.of(5 * 24 + 7), Set.of()), heard);
        }
    }

    @Test
    void zoomKeepsThePointUnderTheCursorAndFitRestoresTheWholeImage() {
        try (WidgetShell<HeatmapCanvas> w = new WidgetShell<>(600, 420, s -> new HeatmapCanvas(s, SWT.NONE))) {
            UiTestSupport.onUi(() -> w.widget.setScene(scene()));
            double fitted = UiTestSupport.onUi(() -> w.widget.transform().scale());
            double[] under = UiTestSupport.onUi(() -> {
                var t = w.widget.transform();
                double ix = t.toImageX(200);
                double iy = t.toImageY(150);
                t.zoom(2, 200, 150);
                return new double[] { ix - t.toImageX(200), iy - t.toImageY(150), t.scale() };
            });
            assertEquals(0, under[0], 1e-9);
            assertEquals(0, under[1], 1e-9);
            assertEquals(2 * fitted, under[2], 1e-9);
            UiTestSupport.onUi(w.widget::fit);
            assertEquals(fitted, UiTestSupport.onUi(() -> w.widget.transform().scale()), 1e-9);
        }
    }

    @Test
    void exportRendersTheCropAtItsOwnResolution() {
        try (WidgetShell<HeatmapCanvas> w = new WidgetShell<>(600, 420, s -> new HeatmapCanvas(s, SWT.NONE))) {
            ImageData crop = UiTestSupport.onUi(() -> {
                w.widget.setScene(scene());
                w.widget.setLayers(List.of(new HeatmapLayer("t", "test", oneHotPatch(2, 3), 255, true)));
                return w.widget.renderCrop();
            });
            assertEquals(336, crop.width);
            assertEquals(336, crop.height);
            RGB inside = WidgetShell.rgb(crop, 3 * 14 + 7, 2 * 14 + 7);
            assertTrue(inside.red > 200 && inside.green < 60, "patch (2,3) is not red in the export: " + inside);
        }
    }
}
