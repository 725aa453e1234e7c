package org.llavalens.ui.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.RGB;
import org.junit.jupiter.api.Test;
import org.llavalens.ui.widgets.HeadGrid;

/** The head grid colours by sign and size, and a click names the head under the pointer. */
class HeadGridTest {

    private static int ramp(double t) {
        // blue below the centre, red above: enough to tell signs apart in a test
        int r = (int) Math.round(255 * Math.max(0, 2 * t - 1));
        int b = (int) Math.round(255 * Math.max(0, 1 - 2 * t));
        return (r << 16) | b;
    }

    @Test
    void clickingACellSelectsThatHeadAndColoursFollowTheScores() {
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
}
