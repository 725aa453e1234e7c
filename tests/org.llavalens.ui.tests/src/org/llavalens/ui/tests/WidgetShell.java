package org.llavalens.ui.tests;

import java.util.function.Function;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.PaletteData;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;

/** A shell hosting one widget under test, on the workbench's UI thread; pixel reads of what it drew. */
final class WidgetShell<T extends Control> implements AutoCloseable {

    final Shell shell;
    final T widget;

    WidgetShell(int width, int height, Function<Shell, T> create) {
        UiTestSupport.workbench();
        Object[] made = UiTestSupport.onUi(() -> {
            Shell s = new Shell(org.eclipse.swt.widgets.Display.getCurrent(), SWT.SHELL_TRIM);
            s.setLayout(new FillLayout());
            T w = create.apply(s);
            s.setSize(width, height);
            s.open();
            return new Object[] { s, w };
        });
        shell = (Shell) made[0];
        @SuppressWarnings("unchecked")
        T w = (T) made[1];
        widget = w;
        UiTestSupport.settle(300);
    }

    /** What the widget shows now, painted into an image. */
    ImageData pixels() {
        return DemoWorkbench.pixels(widget);
    }

    static RGB rgb(ImageData d, int x, int y) {
        return d.palette.getRGB(d.getPixel(x, y));
    }

    void click(int x, int y) {
        click(x, y, SWT.NONE);
    }

    /** A click with modifier keys held ({@code SWT.MOD1} for Ctrl). */
    void click(int x, int y, int stateMask) {
        UiTestSupport.onUi(() -> {
            Event e = new Event();
            e.x = x;
            e.y = y;
            e.button = 1;
            e.stateMask = stateMask;
            widget.notifyListeners(SWT.MouseDown, e);
            widget.notifyListeners(SWT.MouseUp, e);
        });
        UiTestSupport.settle(50);
    }

    static ImageData solid(int w, int h, int rgb) {
        ImageData d = new ImageData(w, h, 24, new PaletteData(0xFF0000, 0xFF00, 0xFF));
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                d.setPixel(x, y, rgb);
            }
        }
        return d;
    }

    @Override
    public void close() {
        UiTestSupport.onUi(shell::dispose);
    }
}
