package org.llavalens.ui.jobs;

import org.eclipse.core.runtime.IProgressMonitor;
import org.llavalens.annotation.CaseSnapshot;
import org.llavalens.annotation.model.Case;
import org.llavalens.ui.session.CaseResult;
import org.llavalens.ui.session.LensSession;

/** Reads the results saved with a case, so a reopened case shows its evidence without the model. */
public final class LoadResultJob extends LensJob {

    private final LensSession session;
    private final CaseSnapshot c;

    public LoadResultJob(LensSession session, Case c) {
        this(session, CaseSnapshot.of(session.project(), c));
    }

    public LoadResultJob(LensSession session, CaseSnapshot c) {
        super("Reading the results of " + c.id(), false);
        this.session = session;
        this.c = c;
        setUser(false);
    }

    @Override
    protected void work(IProgressMonitor monitor) throws Exception {
        CaseResult r = new CaseAnalyzer(session.project(), session.models(), AnalysisSettings.fromPreferences()).load(c);
        if (r != null) {
            session.putResult(r);
        }
    }
}
