package org.llavalens.ui.jobs;

import org.eclipse.core.runtime.IProgressMonitor;
import org.llavalens.annotation.model.Case;
import org.llavalens.attribution.result.AttributionRecord;
import org.llavalens.ui.session.CaseResult;
import org.llavalens.ui.session.LensSession;

/** The causal baseline for the current case (one rerun per patch), added to its result as a layer. */
public final class AblateCaseJob extends LensJob {

    private final LensSession session;
    private final Case c;
    private final AnalysisSettings settings;

    public AblateCaseJob(LensSession session, Case c) {
        super("Causal ablation of " + c.getId(), true);
        this.session = session;
        this.c = c;
        this.settings = AnalysisSettings.fromPreferences();
    }

    @Override
    protected void work(IProgressMonitor monitor) throws Exception {
        CaseAnalyzer analyzer = new CaseAnalyzer(session.project(), session.models(), settings);
        AttributionRecord extra = analyzer.ablate(c, monitor);
        CaseResult r = session.result(c.getId());
        session.putResult(r == null ? new CaseResult(c.getId(), analyzer.image(c), java.util.List.of(extra), null, null)
                : r.with(extra));
    }
}
