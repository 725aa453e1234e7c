package org.llavalens.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.IntFunction;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.Rectangle;
import org.junit.jupiter.api.Test;
import org.llavalens.attribution.ScoreNormalization;
import org.llavalens.attribution.render.Colormap;
import org.llavalens.attribution.render.HeatmapRenderer;
import org.llavalens.attribution.render.HeatmapStyle;
import org.llavalens.ui.widgets.CanvasScene;
import org.llavalens.ui.widgets.ImageDatas;
import org.llavalens.ui.widgets.HeatmapCanvas;
import org.llavalens.ui.widgets.HeatmapLayer;

/**
 * Heatmap redraw of a 336x336 crop with one overlay: prints the median time of a synchronous
 * repaint of the canvas ({@code Control.print}, the same paint code the screen gets) under the
 * test's display: what an opacity change or a pan costs, and what a new map costs. A benchmark, not a
 * timed test: it asserts only that it ran. Run: the ui test fragment
 * ({@code -Dtest=HeatmapRedrawBenchmark}); the figure is in the test output as {@code BENCHMARK}.
 */
class HeatmapRedrawBenchmark {

    private static final int RUNS = 60;

    @Test
    void redrawOf336CropWithOverlay() {
        ImageData heat = WidgetShell.solid(336, 336, 0xFF8000);
        double[] ms = timeRepaints(i -> 60 + i % 150, opacity -> new HeatmapLayer("b", "bench", heat, opacity, true));
        report("heatmap-redraw 336x336 crop + 1 overlay", ms, "repaints");
        assertEquals(RUNS, ms.length);
    }

    /**
     * The path of a new map (a head clicked, a color map changed): 24x24 scores rendered by the
     * attribution bundle (bicubic upsampling to 336x336, color map), moved into SWT, repainted.
     */
    @Test
    void newMapRenderedAndRedrawn() {
        HeatmapStyle style = new HeatmapStyle(Colormap.HOT, ScoreNormalization.MIN_MAX, 1.0, false);
        java.util.Random random = new java.util.Random(7);
        double[] ms = timeRepaints(i -> {
            double[] scores = new double[576];
            for (int p = 0; p < scores.length; p++) {
                scores[p] = random.nextGaussian();
            }
            return scores;
        }, scores -> new HeatmapLayer("b", "bench",
                ImageDatas.fromAwt(HeatmapRenderer.render(scores, 24, 336, 336, style)), 160, true));
        report("heatmap-new-map 24x24 scores -> 336x336 render + repaint", ms, "maps");
        assertEquals(RUNS, ms.length);
    }

    /**
     * Milliseconds of each of RUNS repaints of a 336x336 crop, sorted: {@code input} (not timed) makes
     * the i-th input, {@code layer} (timed with the repaint) turns it into the overlay.
     */
    private static <T> double[] timeRepaints(IntFunction<T> input, Function<T, HeatmapLayer> layer) {
        try (WidgetShell<HeatmapCanvas> w = new WidgetShell<>(520, 520, s -> new HeatmapCanvas(s, SWT.NONE))) {
            double[] ms = UiTestSupport.onUi(() -> {
                w.widget.setScene(new CanvasScene(WidgetShell.solid(336, 336, 0x406080), new Rectangle(0, 0, 336, 336), 24));
                double[] t = new double[RUNS];
                org.eclipse.swt.graphics.Image target = new org.eclipse.swt.graphics.Image(w.widget.getDisplay(), 520, 520);
                org.eclipse.swt.graphics.GC gc = new org.eclipse.swt.graphics.GC(target);
                for (int i = 0; i < RUNS; i++) {
                    T in = input.apply(i);
                    long start = System.nanoTime();
                    w.widget.setLayers(List.of(layer.apply(in)));
                    w.widget.print(gc);
                    t[i] = (System.nanoTime() - start) / 1e6;
                }
                gc.dispose();
                target.dispose();
                return t;
            });
            java.util.Arrays.sort(ms);
            return ms;
        }
    }

    private static void report(String what, double[] sortedMs, String unit) {
        System.out.println(String.format(Locale.ROOT, "BENCHMARK %s: median %.2f ms, p90 %.2f ms over %d %s (goal <= 16 ms)",
                what, sortedMs[RUNS / 2], sortedMs[RUNS * 9 / 10], RUNS, unit));
    }
}
