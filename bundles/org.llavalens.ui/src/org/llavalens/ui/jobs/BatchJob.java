package org.llavalens.ui.jobs;

import java.util.List;
import java.util.Locale;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.ui.statushandlers.StatusManager;
import org.llavalens.analysis.batch.BatchListener;
import org.llavalens.analysis.batch.BatchRun;
import org.llavalens.analysis.batch.BatchSettings;
import org.llavalens.analysis.explain.LocalExplainService;
import org.llavalens.annotation.CaseSnapshot;
import org.llavalens.attribution.method.MethodIds;
import org.llavalens.ui.session.LensSession;

/**
 * Case > Analyse All Cases: the analysis bundle's resumable batch over the project (one model
 * load; cases finished by an earlier run are kept), the navigator updating as cases finish.
 */
public final class BatchJob extends LensJob {

    private final LensSession session;
    private final AnalysisSettings settings;

    public BatchJob(LensSession session) {
        super("Analysing every case of the project", true);
        this.session = session;
        this.settings = AnalysisSettings.fromPreferences();
    }

    @Override
    protected void work(IProgressMonitor monitor) throws Exception {
        if (session.project() == null) {
            throw new IllegalStateException("no project is open");
        }
        if (!(session.service() instanceof LocalExplainService local)) {
            throw new IllegalStateException("the batch runs on a local service only");
        }
        BatchSettings batch = new BatchSettings(List.of(MethodIds.LOG_PROB_INCREASE, MethodIds.AVERAGE_ATTENTION), null,
                settings.heads().toString(), 0, false, java.util.Map.of());
        BatchRun.Summary s = local.batch(session.project(), settings.llavaId(), batch, new BatchListener() {
            @Override
            public void caseFinished(Outcome outcome, Progress progress) {
                monitor.subTask(String.format(Locale.ROOT, "%d of %d cases", progress.done(), progress.total()));
            }
        }, monitor);
        var current = session.currentCase();
        CaseSnapshot shown = current == null ? null : CaseSnapshot.of(session.project(), current);
        if (shown != null && session.result(shown.id()) == null && !shown.resultPaths().isEmpty()) {
            new LoadResultJob(session, shown).schedule();
        }
        String message = String.format(Locale.ROOT, "%d cases: %d analysed, %d kept from earlier runs, %d failed%s",
                s.total(), s.computed(), s.skipped(), s.failed(),
                s.failed() > 0 ? " (reasons in " + s.statusFile() + ")" : "");
        StatusManager.getManager().handle(new Status(s.failed() > 0 ? IStatus.WARNING : IStatus.INFO, PLUGIN_ID, message),
                s.failed() > 0 ? StatusManager.SHOW | StatusManager.LOG : StatusManager.LOG);
    }
}
