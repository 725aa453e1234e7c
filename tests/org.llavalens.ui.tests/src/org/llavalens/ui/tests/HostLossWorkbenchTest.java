package org.llavalens.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.core.runtime.ILogListener;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Platform;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.junit.jupiter.api.Test;
import org.llavalens.analysis.explain.LocalExplainService;
import org.llavalens.analysis.explain.ModelCatalog;
import org.llavalens.annotation.model.Case;
import org.llavalens.attribution.method.MethodRegistry;
import org.llavalens.client.HostUnavailableException;
import org.llavalens.runtime.compute.ComputeSettings;
import org.llavalens.server.HostOptions;
import org.llavalens.server.LensServer;
import org.llavalens.server.ModelHost;
import org.llavalens.ui.jobs.HostLost;
import org.llavalens.ui.prefs.LensPreferences;
import org.llavalens.ui.session.LensSession;
import org.llavalens.ui.views.CanvasView;
import org.llavalens.ui.views.NavigatorView;

/**
 * The workbench on a real model host that the test stops: the analysis gives one message (which
 * host, what happened, what to do) with a Retry and no stack trace, the case and its label stay as
 * they were, the network call ran in a job's thread and not the UI thread, and once the host is
 * back on its port, Retry runs the same job and the case is analysed.
 */
class HostLossWorkbenchTest {

    private static final String TOKEN = "erin-token-27182818";

    @Test
    void aLostHostGivesOneMessageAndItsRetryAnalysesTheCase() throws Exception {
        DemoWorkbench.start("host-loss-project");
        DemoWorkbench.command(DemoWorkbench.COMMANDS + "openDemo", null);
        DemoWorkbench.waitForJobs();
        LensSession s = DemoWorkbench.session();
        Path tokens = Files.writeString(Files.createTempFile("tokens", ".txt"), TOKEN + " Erin\n");
        int port = freePort();
        HostOptions options = HostOptions.local(List.of(LensPreferences.llavaFolder(), LensPreferences.vicunaFolder()),
                port, tokens);
        var store = LensPreferences.store();
        List<IStatus> logged = new CopyOnWriteArrayList<>();
        ILogListener log = (status, plugin) -> logged.add(status);
        Platform.addLogListener(log);
        store.setValue(LensPreferences.MODEL_HOST, "server");
        store.setValue(LensPreferences.SERVER_URL, "http://127.0.0.1:" + port);
        store.setValue(LensPreferences.SERVER_TOKEN, TOKEN);
        try {
            List<Case> cases = UiTestSupport.onUi(() -> s.project().model().getDatasets().get(0).getCases());
            try (LensServer host = serve(options)) {
                analyse(cases.get(0));
                assertNotNull(s.result(), "the host did not analyse the first case");
            }
            // the host is stopped: the next case cannot be analysed
            Case second = cases.get(1);
            UiTestSupport.onUi(() -> s.labels().setLabel(second, "tester", "too-few-patches", 1, null, null));
            analyse(second);
            Shell dialog = hostLostDialog();
            String text = UiTestSupport.onUi(() -> DemoWorkbench.allText(dialog));
            assertTrue(text.contains("127.0.0.1:" + port) && text.contains("does not answer")
                    && text.contains("./llavalens serve") && text.contains(HostLost.RETRY), text);
            assertFalse(text.contains("Exception") || text.contains("\tat ") || text.contains(".java:"),
                    "the message shows a stack trace: " + text);
            assertEquals(second, UiTestSupport.onUi(s::currentCase), "the case was lost");
            assertNull(s.result(), "a failed run must not leave a result");
            assertEquals("too-few-patches", UiTestSupport.onUi(() -> s.labels().labelOf(second, "tester")
                    .getLabelId()), "the label was lost");
            assertRanInAJobThread(logged);

            try (LensServer back = serve(options)) {
                UiTestSupport.onUi(() -> retryButton(dialog).notifyListeners(SWT.Selection, new Event()));
                assertTrue(UiTestSupport.onUi(dialog::isDisposed), "Retry did not close the message");
                // the dialog's Retry schedules the job once the dialog's own event loop returns
                DemoWorkbench.waitFor(() -> s.result() != null);
                DemoWorkbench.waitForJobs();
                assertNotNull(s.result(), "Retry did not analyse the case on the restarted host");
                assertEquals(second.getId(), s.result().caseId());
                assertFalse(s.result().main().methods().isEmpty());
            }
        } finally {
            Platform.removeLogListener(log);
            store.setToDefault(LensPreferences.MODEL_HOST);
            store.setToDefault(LensPreferences.SERVER_URL);
            store.setToDefault(LensPreferences.SERVER_TOKEN);
            UiTestSupport.onUi(s::closeService);
        }
    }

    private static LensServer serve(HostOptions options) throws IOException {
        return LensServer.start(new ModelHost(new LocalExplainService(ModelCatalog.ofFolders(options.models()),
                ComputeSettings.CPU_FP32, MethodRegistry.builtIns(), 2), options), options, null);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void analyse(Case c) throws InterruptedException {
        NavigatorView nav = DemoWorkbench.view(NavigatorView.ID);
        UiTestSupport.onUi(() -> nav.viewer().setSelection(new StructuredSelection(c), true));
        DemoWorkbench.view(CanvasView.ID);
        DemoWorkbench.command(DemoWorkbench.COMMANDS + "analyze", null);
        DemoWorkbench.waitForJobs();
    }

    private static Shell hostLostDialog() throws InterruptedException {
        Shell[] found = new Shell[1];
        assertTrue(DemoWorkbench.waitFor(() -> {
            found[0] = UiTestSupport.onUi(() -> Arrays.stream(Display.getCurrent().getShells())
                    .filter(sh -> sh.isVisible() && HostLost.TITLE.equals(sh.getText())).findFirst().orElse(null));
            return found[0] != null;
        }), "no '" + HostLost.TITLE + "' message");
        long open = UiTestSupport.onUi(() -> Arrays.stream(Display.getCurrent().getShells())
                .filter(sh -> sh.isVisible() && HostLost.TITLE.equals(sh.getText())).count());
        assertEquals(1, open, "one message, not one per attempt");
        return found[0];
    }

    /** The logged failure's trace: the client's request was made by a job's worker, never the UI thread. */
    private static void assertRanInAJobThread(List<IStatus> logged) {
        HostUnavailableException lost = logged.stream().map(IStatus::getException)
                .filter(e -> e instanceof HostUnavailableException).map(HostUnavailableException.class::cast)
                .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("the failure was not logged: " + logged));
        List<String> frames = Arrays.stream(lost.getStackTrace()).map(StackTraceElement::getClassName).toList();
        assertTrue(frames.contains("org.eclipse.core.internal.jobs.Worker"), frames.toString());
        assertFalse(frames.stream().anyMatch(f -> f.startsWith("org.eclipse.swt.")), frames.toString());
    }

    private static Button retryButton(Control c) {
        if (c instanceof Button b && HostLost.RETRY.equals(b.getText())) {
            return b;
        }
        if (c instanceof Composite parent) {
            for (Control child : parent.getChildren()) {
                Button b = retryButton(child);
                if (b != null) {
                    return b;
                }
            }
        }
        return null;
    }
}
