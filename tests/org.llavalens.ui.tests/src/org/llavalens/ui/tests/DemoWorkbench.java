package org.llavalens.ui.tests;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.eclipse.core.commands.ParameterizedCommand;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.commands.ICommandService;
import org.eclipse.ui.handlers.IHandlerService;
import org.llavalens.annotation.model.Case;
import org.llavalens.attribution.result.AttributionRecord;
import org.llavalens.demo.DemoGenerator;
import org.llavalens.demo.DemoOptions;
import org.llavalens.runtime.compute.ComputeSettings;
import org.llavalens.runtime.model.LoadedModel;
import org.llavalens.runtime.model.ModelLoader;
import org.llavalens.runtime.model.PreparedInput;
import org.llavalens.runtime.trace.CaptureSpec;
import org.llavalens.runtime.trace.ForwardTrace;
import org.llavalens.ui.jobs.LensJob;
import org.llavalens.ui.prefs.LensPreferences;
import org.llavalens.ui.session.CaseResult;
import org.llavalens.ui.session.LensSession;
import org.llavalens.ui.views.CanvasView;
import org.llavalens.ui.views.NavigatorView;

/** Drives the workbench on the demo models as a user does: commands, views, jobs, files on disk. */
public final class DemoWorkbench {

    public static final String COMMANDS = "org.llavalens.ui.commands.";

    private DemoWorkbench() {
    }

    /**
     * Generates the demo models under {@code target/demo-home} (once), points the preferences at them,
     * makes {@code projectName} there the (fresh, not yet created) demo project and starts the workbench.
     *
     * @return the demo project's folder
     */
    public static Path start(String projectName) throws Exception {
        Path base = Path.of("target", "demo-home").toAbsolutePath();
        Path models = base.resolve("models").resolve("demo");
        new DemoGenerator().generate(models, DemoOptions.defaults().withScenes(3), new NullProgressMonitor());
        Path project = base.resolve(projectName);
        delete(project);
        System.setProperty("llavalens.home", base.toString());
        System.setProperty("llavalens.demoProject", project.toString());
        LensPreferences.store().setValue(LensPreferences.LLAVA_FOLDER, models.resolve("llava").toString());
        LensPreferences.store().setValue(LensPreferences.VICUNA_FOLDER, models.resolve("vicuna").toString());
        LensPreferences.store().setValue(LensPreferences.ANNOTATOR, "tester");
        UiTestSupport.workbench();
        return project;
    }

    /**
     * Starts the workbench on a fresh demo project {@code projectName}, makes its first case current and
     * analyses it; the session keeps the analysis's trace.
     */
    public static void analyseFirstCase(String projectName) throws Exception {
        start(projectName);
        command(COMMANDS + "openDemo", null);
        waitForJobs();
        LensSession s = session();
        NavigatorView nav = view(NavigatorView.ID);
        Case first = UiTestSupport.onUi(() -> s.project().model().getDatasets().get(0).getCases().get(0));
        UiTestSupport.onUi(() -> nav.viewer().setSelection(new StructuredSelection(first), true));
        view(CanvasView.ID);
        command(COMMANDS + "analyze", null);
        waitForJobs();
        if (s.result() == null || s.result().live() == null) {
            throw new IllegalStateException("the first demo case was not analysed, or its live case was not kept");
        }
    }

    /**
     * The demo models loaded by the test itself, on the CPU in fp32 as the workbench runs them here:
     * the attribution engine run directly on them is what the views' numbers are checked against.
     */
    public static final class Reference {

        private static LoadedModel llava;
        private static LoadedModel vicuna;
        private static AttributionRecord traced;
        private static ForwardTrace trace;

        private Reference() {
        }

        public static synchronized LoadedModel llava() {
            if (llava == null) {
                llava = ModelLoader.load(LensPreferences.llavaFolder(), ComputeSettings.CPU_FP32);
            }
            return llava;
        }

        public static synchronized LoadedModel vicuna() {
            if (vicuna == null) {
                vicuna = ModelLoader.load(LensPreferences.vicunaFolder(), ComputeSettings.CPU_FP32);
            }
            return vicuna;
        }

        /** The pass of the result's own prompt and image, keeping everything (every position, every logit). */
        public static synchronized ForwardTrace trace(CaseResult r) {
            if (traced != r.main()) {
                LoadedModel m = llava();
                PreparedInput input = m.prepare(m.preprocess(r.image(), false), m.encode(r.main().provenance().prompt()));
                trace = m.forward(input, CaptureSpec.FULL.union(CaptureSpec.ATTRIBUTION).withAllLogits(),
                        new NullProgressMonitor());
                traced = r.main();
            }
            return trace;
        }
    }

    /** Removes a folder left by an earlier run, so a test starts from a fresh project. */
    public static void delete(Path folder) throws java.io.IOException {
        if (Files.exists(folder)) {
            try (Stream<Path> s = Files.walk(folder)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    public static LensSession session() {
        return UiTestSupport.onUi(() -> PlatformUI.getWorkbench().getService(LensSession.class));
    }

    public static void command(String id, Map<String, String> parameters) {
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

    public static void waitForJobs() throws InterruptedException {
        // jobs hand results to the UI thread: join them, then let the UI run what they queued
        Job.getJobManager().join(LensJob.FAMILY, null);
        UiTestSupport.settle(400);
        Job.getJobManager().join(LensJob.FAMILY, null);
        UiTestSupport.settle(200);
    }

    @SuppressWarnings("unchecked")
    public static <T extends IViewPart> T view(String id) {
        return (T) UiTestSupport.onUi(() -> {
            try {
                return PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage().showView(id);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Polls for up to 15 s: the autosave writes a moment after a change. */
    public static boolean waitFor(BooleanSupplier condition) throws InterruptedException {
        long end = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    /** The file's text, or "" while it is not there (or being replaced). */
    public static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (java.io.IOException e) {
            return "";
        }
    }

    /** Presses {@code key} with the canvas focused, as an annotator labels with the keyboard. */
    public static void pressKey(CanvasView canvas, char key) {
        UiTestSupport.onUi(() -> {
            canvas.getSite().getPage().activate(canvas);
            canvas.canvas().setFocus();
        });
        UiTestSupport.settle(200);
        UiTestSupport.onUi(() -> {
            Display d = canvas.canvas().getDisplay();
            for (int type : new int[] { SWT.KeyDown, SWT.KeyUp }) {
                Event e = new Event();
                e.type = type;
                e.character = key;
                e.keyCode = key;
                d.post(e);
            }
        });
        UiTestSupport.settle(500);
    }

    /** What a control shows now, painted into an image (a screen copy may predate the last paint). */
    public static ImageData pixels(Control c) {
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

    /** How many pixels of the common area differ in color. */
    public static int differing(ImageData a, ImageData b) {
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
    public static List<Shell> dialogs(Control inWindow) {
        return UiTestSupport.onUi(() -> java.util.Arrays.stream(inWindow.getDisplay().getShells())
                .filter(sh -> sh.isVisible() && sh != inWindow.getShell()).toList());
    }

    /** Every label and text of a control tree, to read a dialog's message. */
    public static String allText(Control c) {
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
