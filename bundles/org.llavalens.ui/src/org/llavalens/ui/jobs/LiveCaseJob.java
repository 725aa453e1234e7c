package org.llavalens.ui.jobs;

import java.io.IOException;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.llavalens.analysis.ProjectCases;
import org.llavalens.analysis.explain.CaseQuestion;
import org.llavalens.analysis.explain.ExplainRequest;
import org.llavalens.analysis.explain.LiveCase;
import org.llavalens.annotation.CaseSnapshot;
import org.llavalens.annotation.model.Case;
import org.llavalens.ui.session.CaseResult;
import org.llavalens.ui.session.LensSession;

/**
 * A job that asks a follow-up question of an analysed case: of the session's live case when it has
 * one, else of a live case the service explains anew for the result's own target token, which the
 * session then keeps for the next question.
 */
abstract class LiveCaseJob extends LensJob {

    protected final LensSession session;
    /** The case, copied in the realm when the job is made: the job never reads EMF objects. */
    protected final CaseSnapshot c;
    private final AnalysisSettings settings;

    protected LiveCaseJob(String name, LensSession session, Case c) {
        super(name, true);
        this.session = session;
        this.c = CaseSnapshot.of(session.project(), c);
        this.settings = AnalysisSettings.fromPreferences();
    }

    @Override
    protected final void work(IProgressMonitor monitor) throws Exception {
        SubMonitor sub = SubMonitor.convert(monitor, getName(), 10);
        CaseResult r = session.result(c.id());
        if (r == null) {
            return;
        }
        if (r.live() == null) {
            r = r.withLive(explainAgain(r, sub.split(6)));
            session.putResult(r);
        }
        ask(r, r.live(), sub.split(4));
    }

    /** Asks the job's question of {@code live} and hands the answer to the session. */
    protected abstract void ask(CaseResult r, LiveCase live, IProgressMonitor monitor) throws Exception;

    /** The case explained again for the token its result explains (its id: exactly that token). */
    private LiveCase explainAgain(CaseResult r, IProgressMonitor monitor) throws IOException {
        CaseQuestion q = new ProjectCases(session.project()).question(c)
                .withTarget(Integer.toString(r.main().target().id()));
        return session.service().explain(new ExplainRequest(settings.llavaId(), q, settings.followUps()), monitor);
    }
}
