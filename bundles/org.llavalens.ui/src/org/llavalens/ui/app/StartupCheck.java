package org.llavalens.ui.app;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.eclipse.core.runtime.ILogListener;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPage;
import org.llavalens.annotation.model.Case;
import org.llavalens.annotation.model.Dataset;
import org.llavalens.attribution.result.MethodResult;
import org.llavalens.ui.jobs.AnalyzeCaseJob;
import org.llavalens.ui.jobs.CaseOpener;
import org.llavalens.ui.jobs.LensJob;
import org.llavalens.ui.session.CaseResult;
import org.llavalens.ui.session.LensSession;

/**
 * {@code -Dllavalens.startupCheck=FILE}: once the workbench has started and opened the demo project,
 * opens every view, analyses the first case, writes what a user would see into FILE (one
 * {@code key=value} a line) and closes the workbench. The build runs it on the product as shipped,
 * so a bundle missing from the product, a view that fails to open or natives that do not load show
 * up there and not at a user's first start.
 */
final class StartupCheck {

    static final String PROPERTY = "llavalens.startupCheck";

    private final IWorkbench workbench;
    private final LensSession session;
    private final Path report;
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());

    private StartupCheck(IWorkbench workbench, LensSession session, Path report) {
        this.workbench = workbench;
        this.session = session;
        this.report = report;
    }

    /** Starts the check in the background when the property asks for it. */
    static void startIfAsked(IWorkbench workbench, LensSession session) {
        String file = System.getProperty(PROPERTY);
        if (file == null || file.isBlank()) {
            return;
        }
        StartupCheck check = new StartupCheck(workbench, session, Path.of(file));
        Thread t = new Thread(check::run, "llavalens-startup-check");
        t.setDaemon(true);
        t.start();
    }

    private void run() {
        Display display = workbench.getDisplay();
        ILogListener errors = (status, plugin) -> {
            if (status.getSeverity() == IStatus.ERROR) {
                lines.add("logged-error=" + status.getMessage().replace('\n', ' '));
            }
        };
        Platform.addLogListener(errors);
        try {
            Job.getJobManager().join(LensJob.FAMILY, null);
            Case[] first = new Case[1];
            display.syncExec(() -> first[0] = openViewsAndAnalyse());
            Job.getJobManager().join(LensJob.FAMILY, null);
            display.syncExec(() -> describeResult(first[0]));
        } catch (Exception | LinkageError e) {
            lines.add("error=" + e);
        } finally {
            Platform.removeLogListener(errors);
            try {
                Files.write(report, List.copyOf(lines), StandardCharsets.UTF_8);
            } catch (Exception e) {
                System.err.println("startup check: cannot write " + report + ": " + e);
            }
            display.asyncExec(this::closeEverything);
        }
    }

    private Case openViewsAndAnalyse() {
        IWorkbenchPage page = workbench.getActiveWorkbenchWindow().getActivePage();
        lines.add("perspective=" + page.getPerspective().getId());
        for (var ref : page.getViewReferences()) {
            try {
                IViewPart part = page.showView(ref.getId());
                String type = part.getClass().getName();
                lines.add((type.startsWith("org.llavalens.") ? "view=" : "view-failed=") + ref.getId() + " " + type);
            } catch (Exception e) {
                lines.add("view-failed=" + ref.getId() + " " + e.getMessage());
            }
        }
        if (session.project() == null) {
            lines.add("error=no project opened");
            return null;
        }
        int cases = 0;
        Case first = null;
        for (Dataset d : session.project().model().getDatasets()) {
            cases += d.getCases().size();
            if (first == null && !d.getCases().isEmpty()) {
                first = d.getCases().get(0);
            }
        }
        lines.add("project=" + session.project().model().getName());
        lines.add("cases=" + cases);
        if (first != null) {
            CaseOpener.open(session, first);
            new AnalyzeCaseJob(session, first).schedule();
        }
        return first;
    }

    private void describeResult(Case c) {
        CaseResult r = c == null ? null : session.result(c.getId());
        if (r == null) {
            lines.add("error=no result for the first case");
            return;
        }
        lines.add("case=" + c.getId());
        lines.add("expected=" + c.getExpectedAnswer());
        lines.add("answer=" + c.getModelAnswer());
        r.headMethod().flatMap(MethodResult::heads).ifPresent(h -> lines.add("top-head=" + h.top(1).get(0)));
    }

    private void closeEverything() {
        Shell main = workbench.getActiveWorkbenchWindow() == null ? null
                : workbench.getActiveWorkbenchWindow().getShell();
        for (Shell s : workbench.getDisplay().getShells()) {
            if (s != main && !s.isDisposed()) {
                s.close();
            }
        }
        workbench.close();
    }
}
