package org.llavalens.ui.jobs;

import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;
import org.llavalens.annotation.CaseSnapshot;
import org.llavalens.annotation.model.Case;
import org.llavalens.attribution.result.AttributionRecord;
import org.llavalens.ui.session.CaseResult;
import org.llavalens.ui.session.LensSession;

/** The causal baseline for the current case (one rerun per patch), added to its result as a layer. */
public final class AblateCaseJob extends LensJob {

    private final LensSession session;
    private final CaseSnapshot c;
    private final AnalysisSettings settings;

    public AblateCaseJob(LensSession session, Case c) {
        super("Causal ablation of " + c.getId(), true);
        this.session = session;
        this.c = CaseSnapshot.of(session.project(), c);
        this.settings = AnalysisSettings.fromPreferences();
    }

    @Override
    protected void work(IProgressMonitor monitor) throws Exception {
        AttributionRecord extra = new CaseAnalyzer(session.project(), session.models(), settings).ablate(c, monitor);
        CaseResult r = session.result(c.id());
        session.putResult(r == null ? new CaseResult(c.id(), session.project().paths().resolve(c.image()), List.of(extra),
                null, null) : r.with(extra));
    }
}
