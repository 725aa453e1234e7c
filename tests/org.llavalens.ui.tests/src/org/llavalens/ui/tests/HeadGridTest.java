package org.llavalens.ui.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.widgets.Event;
import org.junit.jupiter.api.Test;
import org.llavalens.attribution.HeadId;
import org.llavalens.ui.widgets.HeadGrid;

/**
 * The head grid colors by sign and size, a click names the head under the pointer, Ctrl+click adds
 * or removes heads (outlined) and Esc clears them.
 */
class HeadGridTest {

    private static int ramp(double t) {
        // blue below the centre, red above: enough to tell signs apart in a test
        int r = (int) Math.round(255 * Math.max(0, 2 * t - 1));
        int b = (int) Math.round(255 * Math.max(0, 1 - 2 * t));
        return (r << 16) | b;
    }

    @Test
    void clickingACellSelectsThatHeadAndColorsFollowTheScores() {
        double[][] scores = new double[4][8];
        scores[2][5] = 1.5;
        scores[1][2] = -0.75;
        try (WidgetShell<HeadGrid> w = new WidgetShell<>(500, 400, s -> new HeadGrid(s, SWT.NONE))) {
            List<int[]> heard = new ArrayList<>();
            UiTestSupport.onUi(() -> {
                w.widget.setPalette(HeadGridTest::ramp);
                w.widget.setScores(scores);
                w.widget.addHeadSelectionListener((l, h) -> heard.add(new int[] { l, h }));
            });
            Point planted = UiTestSupport.onUi(() -> w.widget.cellCentre(2, 5));
            Point negative = UiTestSupport.onUi(() -> w.widget.cellCentre(1, 2));
            ImageData px = w.pixels();
            RGB red = WidgetShell.rgb(px, planted.x, planted.y);
            RGB blue = WidgetShell.rgb(px, negative.x, negative.y);
            assertTrue(red.red > 240 && red.blue < 10, "the top head is not full red: " + red);
            assertTrue(blue.blue > 100 && blue.red < 10, "the negative head is not blue: " + blue);
            w.click(planted.x, planted.y);
            assertEquals(1, heard.size());
            assertArrayEquals(new int[] { 2, 5 }, heard.get(0));
            assertArrayEquals(new int[] { 2, 5 }, UiTestSupport.onUi(w.widget::selection));
            assertTrue(UiTestSupport.onUi(() -> w.widget.describe(2, 5)).contains("100.0%"));
        }
    }

    /** Whether the outline color is on the left edge of a cell (the 2-3 px line straddles it). */
    private static boolean outlined(ImageData px, Point centre, int cell, RGB outline) {
        int edge = centre.x - cell / 2 - 1;
        for (int x = edge - 1; x <= edge + 1; x++) {
            if (WidgetShell.rgb(px, x, centre.y).equals(outline)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void ctrlClickAddsAndRemovesHeadsAndEscapeClearsThem() {
        double[][] scores = new double[4][8];
        scores[2][5] = 1.5;
        HeadId planted = new HeadId(2, 5);
        HeadId other = new HeadId(0, 1);
        try (WidgetShell<HeadGrid> w = new WidgetShell<>(500, 400, s -> new HeadGrid(s, SWT.NONE))) {
            List<int[]> clicked = new ArrayList<>();
            List<Set<HeadId>> sets = new ArrayList<>();
            UiTestSupport.onUi(() -> {
                w.widget.setPalette(HeadGridTest::ramp);
                w.widget.setScores(scores);
                w.widget.addHeadSelectionListener((l, h) -> clicked.add(new int[] { l, h }));
                w.widget.addSelectionSetListener(sets::add);
            });
            RGB outline = UiTestSupport.onUi(() -> w.widget.getDisplay().getSystemColor(SWT.COLOR_DARK_GREEN).getRGB());
            Point a = UiTestSupport.onUi(() -> w.widget.cellCentre(2, 5));
            Point b = UiTestSupport.onUi(() -> w.widget.cellCentre(0, 1));
            int cell = UiTestSupport.onUi(() -> w.widget.cellCentre(0, 2).x - w.widget.cellCentre(0, 1).x);
            assertTrue(!outlined(w.pixels(), b, cell, outline), "a head is outlined before any click");

            w.click(a.x, a.y);
            w.click(b.x, b.y, SWT.MOD1);
            assertEquals(List.of(planted, other), List.copyOf(UiTestSupport.onUi(w.widget::selectedHeads)));
            assertEquals(List.of(planted, other), List.copyOf(sets.get(sets.size() - 1)));
            assertEquals(2, clicked.size());
            assertArrayEquals(new int[] { 0, 1 }, clicked.get(1));
            assertArrayEquals(new int[] { 0, 1 }, UiTestSupport.onUi(w.widget::selection), "the last clicked head");
            ImageData both = w.pixels();
            assertTrue(outlined(both, a, cell, outline) && outlined(both, b, cell, outline), "not both heads are outlined");

            w.click(a.x, a.y, SWT.MOD1);
            assertEquals(List.of(other), List.copyOf(UiTestSupport.onUi(w.widget::selectedHeads)));
            assertEquals(2, clicked.size(), "removing a head is not a click on it");
            ImageData one = w.pixels();
            assertTrue(!outlined(one, a, cell, outline) && outlined(one, b, cell, outline));

            w.click(a.x, a.y);
            assertEquals(List.of(planted), List.copyOf(UiTestSupport.onUi(w.widget::selectedHeads)),
                    "a plain click selects one head only");

            UiTestSupport.onUi(() -> {
                Event esc = new Event();
                esc.keyCode = SWT.ESC;
                w.widget.notifyListeners(SWT.KeyDown, esc);
            });
            assertTrue(UiTestSupport.onUi(w.widget::selectedHeads).isEmpty());
            assertTrue(sets.get(sets.size() - 1).isEmpty(), "Esc was not reported");
            assertEquals(null, UiTestSupport.onUi(w.widget::selection));
            assertTrue(!outlined(w.pixels(), a, cell, outline), "Esc left an outline");
        }
    }
}
