package org.llavalens.ui.jobs;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.llavalens.annotation.model.Case;
import org.llavalens.attribution.HeadId;
import org.llavalens.runtime.trace.ForwardTrace;
import org.llavalens.ui.session.CaseResult;
import org.llavalens.ui.session.LensSession;

/**
 * Position scores of a head the result did not keep: from the session's trace, or from a new
 * forward pass when the result was read from disk.
 */
public final class HeadMapJob extends LensJob {

    private final LensSession session;
    private final Case c;
    private final HeadId head;
    private final AnalysisSettings settings;

    public HeadMapJob(LensSession session, Case c, HeadId head) {
        super("Position map of head " + head, true);
        this.session = session;
        this.c = c;
        this.head = head;
        this.settings = AnalysisSettings.fromPreferences();
    }

    @Override
    protected void work(IProgressMonitor monitor) throws Exception {
        SubMonitor sub = SubMonitor.convert(monitor, getName(), 10);
        CaseResult r = session.result(c.getId());
        if (r == null) {
            return;
        }
        ForwardTrace trace = new CaseAnalyzer(session.project(), session.models(), settings).trace(c, r, false,
                sub.split(7));
        if (r.trace() == null) {
            session.putResult(r.withTrace(trace));
        }
        double[] scores = CaseAnalyzer.headPositions(trace, r.main().target().id(), head);
        sub.worked(3);
        session.headPositionsArrived(head, scores);
    }
}
