package org.llavalens.ui.tests;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.eclipse.core.commands.ParameterizedCommand;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.commands.ICommandService;
import org.eclipse.ui.handlers.IHandlerService;
import org.llavalens.demo.DemoGenerator;
import org.llavalens.demo.DemoOptions;
import org.llavalens.ui.jobs.LensJob;
import org.llavalens.ui.prefs.LensPreferences;
import org.llavalens.ui.session.LensSession;

/**
 * The workbench on a demo project of its own (a folder under target/), driven as a user does:
 * commands, views, pixels of a control, the dialogs that are open.
 */
final class DemoWorkbench {

    static final String COMMANDS = "org.llavalens.ui.commands.";

    private DemoWorkbench() {
    }

    /** Generates the demo model and an empty project folder under target/{@code name}; starts the workbench. */
    static Path start(String name, int scenes) throws Exception {
        Path base = Path.of("target", name).toAbsolutePath();
        Path models = base.resolve("models").resolve("demo");
        new DemoGenerator().generate(models, DemoOptions.defaults().withScenes(scenes), new NullProgressMonitor());
        Path project = base.resolve("demo-project");
        if (Files.exists(project)) {
            try (Stream<Path> s = Files.walk(project)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.setProperty("llavalens.home", base.toString());
        System.setProperty("llavalens.demoProject", project.toString());
        LensPreferences.store().setValue(LensPreferences.LLAVA_FOLDER, models.resolve("llava").toString());
        LensPreferences.store().setValue(LensPreferences.VICUNA_FOLDER, models.resolve("vicuna").toString());
        LensPreferences.store().setValue(LensPreferences.ANNOTATOR, "tester");
        LensPreferences.store().setValue(LensPreferences.COLORMAP, "hot");
        UiTestSupport.workbench();
        return base;
    }

    static LensSession session() {
        return UiTestSupport.onUi(() -> PlatformUI.getWorkbench().getService(LensSession.class));
    }

    static void command(String id, Map<String, String> parameters) {
        UiTestSupport.onUi(() -> {
            try {
                var window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
                var cs = window.getService(ICommandService.class);
                var hs = window.getService(IHandlerService.class);
                hs.executeCommand(ParameterizedCommand.generateCommand(cs.getCommand(id), parameters), null);
            } catch (Exception e) {
                throw new IllegalStateException("command " + id + " failed", e);
            }
        });
    }

    /** Joins the workbench's jobs, then lets the UI run what they handed it. */
    static void waitForJobs() throws InterruptedException {
        Job.getJobManager().join(LensJob.FAMILY, null);
        UiTestSupport.settle(400);
        Job.getJobManager().join(LensJob.FAMILY, null);
        UiTestSupport.settle(200);
    }

    @SuppressWarnings("unchecked")
    static <T extends IViewPart> T view(String id) {
        return (T) UiTestSupport.onUi(() -> {
            try {
                IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
                return page.showView(id);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    static ImageData pixels(Control c) {
        return UiTestSupport.onUi(() -> {
            var b = c.getBounds();
            var img = new org.eclipse.swt.graphics.Image(c.getDisplay(), b.width, b.height);
            var gc = new org.eclipse.swt.graphics.GC(img);
            try {
                c.print(gc);
                return img.getImageData();
            } finally {
                gc.dispose();
                img.dispose();
            }
        });
    }

    static int differing(ImageData a, ImageData b) {
        int n = 0;
        for (int y = 0; y < Math.min(a.height, b.height); y++) {
            for (int x = 0; x < Math.min(a.width, b.width); x++) {
                if (!a.palette.getRGB(a.getPixel(x, y)).equals(b.palette.getRGB(b.getPixel(x, y)))) {
                    n++;
                }
            }
        }
        return n;
    }

    /** The visible shells other than the workbench window (dialogs). */
    static List<Shell> dialogs(Control inWindow) {
        return UiTestSupport.onUi(() -> java.util.Arrays.stream(inWindow.getDisplay().getShells())
                .filter(sh -> sh.isVisible() && sh != inWindow.getShell()).toList());
    }

    /** Every label and text of a control tree, to read a dialog's message. */
    static String allText(Control c) {
        StringBuilder sb = new StringBuilder();
        if (c instanceof org.eclipse.swt.widgets.Label l) {
            sb.append(l.getText()).append('\n');
        } else if (c instanceof org.eclipse.swt.widgets.Text t) {
            sb.append(t.getText()).append('\n');
        } else if (c instanceof Shell sh) {
            sb.append(sh.getText()).append('\n');
        }
        if (c instanceof org.eclipse.swt.widgets.Composite comp) {
            for (Control child : comp.getChildren()) {
                sb.append(allText(child));
            }
        }
        return sb.toString();
    }
}
