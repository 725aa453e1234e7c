package org.llavalens.ui.jobs;

import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.ui.statushandlers.StatusManager;
import org.llavalens.analysis.ProjectCases;
import org.llavalens.analysis.explain.ExplainRequest;
import org.llavalens.analysis.explain.LiveCase;
import org.llavalens.annotation.CaseSnapshot;
import org.llavalens.annotation.model.Case;
import org.llavalens.attribution.result.MethodResult;
import org.llavalens.ui.session.CaseResult;
import org.llavalens.ui.session.LensSession;

/**
 * Asks the service to explain a case, saves the record with the case and makes it the session's
 * result of that case, its live case kept for the follow-ups. The case is copied
 * when the job is made (EMF objects are read in the realm only); the model's answer is recorded as a
 * system change, so Undo still takes back the user's last label.
 */
public final class AnalyzeCaseJob extends LensJob {

    private final LensSession session;
    private final CaseSnapshot c;
    private final AnalysisSettings settings;

    public AnalyzeCaseJob(LensSession session, Case c) {
        super("Analysing " + c.getId(), true);
        this.session = session;
        this.c = CaseSnapshot.of(session.project(), c);
        this.settings = AnalysisSettings.fromPreferences();
    }

    @Override
    protected void work(IProgressMonitor monitor) throws Exception {
        SubMonitor sub = SubMonitor.convert(monitor, "Analysing " + c.id(), 100);
        ProjectCases cases = new ProjectCases(session.project());
        LiveCase live = session.service().explain(new ExplainRequest(settings.llavaId(), cases.question(c),
                settings.analysis()), sub.split(95));
        CaseResult r;
        try {
            cases.save(c, live.explained().record());
            r = new CaseResult(c.id(), cases.image(c), List.of(live.explained().record()), live,
                    live.explained().tokens());
        } catch (java.io.IOException | RuntimeException e) {
            live.close();
            throw e;
        }
        session.putResult(r);
        reportFailedMethods(r);
        // the answer is kept on the case, so the navigator marks it right or wrong in later sessions too
        String answer = r.main().target().text().replace('\u2581', ' ').strip();
        Case target = session.project().findCase(c.id());
        if (session.labels() != null && target != null && !answer.equals(c.modelAnswer())) {
            session.labels().setModelOutput(target, answer, c.targetToken());
        }
    }

    /**
     * A method that failed (a plugin that threw or returned malformed scores) has no layer; say which
     * and why, while the other methods' layers are shown as usual.
     */
    private void reportFailedMethods(CaseResult r) {
        String failures = r.methods().stream().filter(MethodResult::failed)
                .map(m -> m.label() + ": " + m.error()).collect(java.util.stream.Collectors.joining("; "));
        if (!failures.isEmpty()) {
            StatusManager.getManager().handle(new Status(IStatus.WARNING, PLUGIN_ID,
                    c.id() + ": some attribution methods failed and are not shown (" + failures + ")"),
                    StatusManager.SHOW | StatusManager.LOG);
        }
    }
}
