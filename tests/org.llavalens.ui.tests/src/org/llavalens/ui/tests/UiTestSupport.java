package org.llavalens.ui.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.PlatformUI;
import org.llavalens.ui.app.LensWorkbenchAdvisor;

/** Runs code on the UI thread from a test thread, and writes screenshots as test artifacts. */
public final class UiTestSupport {

    private UiTestSupport() {
    }

    private static final long START_TIMEOUT_MS = 120_000;
    private static Thread uiThread;
    private static volatile Throwable startFailure;

    /**
     * Starts the LLaVA Lens workbench (our own advisor, as the product does) on a UI thread of its own,
     * once per test JVM, and waits until its window is open.
     */
    public static synchronized void workbench() {
        if (uiThread == null) {
            uiThread = new Thread(() -> {
                try {
                    Display display = PlatformUI.createDisplay();
                    int code = PlatformUI.createAndRunWorkbench(display, new LensWorkbenchAdvisor());
                    startFailure = new IllegalStateException("the workbench ended with return code " + code);
                } catch (Throwable t) {
                    startFailure = t;
                }
            }, "llavalens-ui-test");
            uiThread.setDaemon(true);
            uiThread.start();
        }
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (!windowOpen()) {
            if (startFailure != null) {
                throw new IllegalStateException("the workbench failed to start", startFailure);
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("the workbench window did not open within "
                        + START_TIMEOUT_MS / 1000 + " s");
            }
            sleep(100);
        }
    }

    private static boolean windowOpen() {
        if (!PlatformUI.isWorkbenchRunning() || !uiThread.isAlive()) {
            return false;
        }
        // asyncExec, not syncExec: a UI thread that dies meanwhile must not hang the test.
        Display display = PlatformUI.getWorkbench().getDisplay();
        java.util.concurrent.CompletableFuture<Boolean> open = new java.util.concurrent.CompletableFuture<>();
        display.asyncExec(() -> open.complete(PlatformUI.getWorkbench().getActiveWorkbenchWindow() != null));
        try {
            return open.get(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static Display display() {
        workbench();
        return PlatformUI.getWorkbench().getDisplay();
    }

    public static <T> T onUi(Supplier<T> body) {
        if (Display.getCurrent() != null) {
            // already on the UI thread (a nested call): a round trip through the event loop would deadlock
            return body.get();
        }
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        display().syncExec(() -> {
            try {
                result.set(body.get());
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        if (failure.get() instanceof RuntimeException r) {
            throw r;
        }
        if (failure.get() instanceof Error e) {
            throw e;
        }
        return result.get();
    }

    public static void onUi(Runnable body) {
        onUi(() -> {
            body.run();
            return null;
        });
    }

    /** Lets the UI thread process pending events (layouts, paints, async jobs' UI updates). */
    public static void settle(long millis) {
        long end = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < end) {
            // The UI thread runs the workbench's event loop: a round trip through it lets it
            // process everything queued before.
            onUi(() -> {
            });
            sleep(20);
        }
    }

    /** Writes a PNG of the control as it is on screen into the screenshots folder; returns the file. */
    public static Path screenshot(Control control, String name) throws IOException {
        Path dir = Path.of(System.getProperty("llavalens.screenshots", "target/screenshots"));
        Files.createDirectories(dir);
        Path file = dir.resolve(name + ".png");
        // let pending paints reach the screen first
        settle(300);
        onUi(() -> {
            Rectangle size = control.getBounds();
            Image image = new Image(control.getDisplay(), Math.max(1, size.width), Math.max(1, size.height));
            // print() paints a view and its children into the image now (a screen copy may hold a
            // double-buffered canvas that has not painted yet); a whole window is copied from the
            // screen, since GTK does not print a shell's custom-drawn children.
            boolean printed = false;
            if (!(control instanceof org.eclipse.swt.widgets.Shell)) {
                GC gc = new GC(image);
                try {
                    printed = control.print(gc);
                } finally {
                    gc.dispose();
                }
            }
            if (!printed) {
                GC screen = new GC(control);
                try {
                    screen.copyArea(image, 0, 0);
                } finally {
                    screen.dispose();
                }
            }
            ImageLoader loader = new ImageLoader();
            loader.data = new org.eclipse.swt.graphics.ImageData[] { image.getImageData() };
            loader.save(file.toString(), SWT.IMAGE_PNG);
            image.dispose();
        });
        return file;
    }
}
