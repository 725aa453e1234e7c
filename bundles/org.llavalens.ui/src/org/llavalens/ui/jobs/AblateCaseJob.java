package org.llavalens.ui.jobs;

import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.llavalens.analysis.ProjectCases;
import org.llavalens.analysis.explain.ExplainRequest;
import org.llavalens.analysis.explain.LiveCase;
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
        SubMonitor sub = SubMonitor.convert(monitor, "Causal ablation of " + c.id(), 100);
        ProjectCases cases = new ProjectCases(session.project());
        AttributionRecord extra;
        try (LiveCase live = session.service().explain(new ExplainRequest(settings.llavaId(), cases.question(c),
                settings.ablation()), sub.split(95))) {
            extra = live.explained().record();
        }
        cases.save(c, extra);
        CaseResult r = session.result(c.id());
        session.putResult(r == null ? new CaseResult(c.id(), cases.image(c), List.of(extra), null, null) : r.with(extra));
    }
}
