package org.llavalens.ui.jobs;

import org.eclipse.core.runtime.IProgressMonitor;
import org.llavalens.analysis.explain.LiveCase;
import org.llavalens.annotation.model.Case;
import org.llavalens.attribution.HeadAggregation;
import org.llavalens.ui.session.CaseResult;
import org.llavalens.ui.session.LensSession;

/**
 * The log-increase image map of another head aggregation (top-1, top-k, selected heads), asked of
 * the case's live case (which computes it through the method registry).
 */
public final class AggregatedMapJob extends LiveCaseJob {

    private final HeadAggregation aggregation;
    private volatile boolean failed;

    public AggregatedMapJob(LensSession session, Case c, HeadAggregation aggregation) {
        super("Image map of heads " + aggregation, session, c);
        this.aggregation = aggregation;
    }

    public HeadAggregation aggregation() {
        return aggregation;
    }

    /** Whether this job is for that case and aggregation, and still running or failed (not to be repeated unasked). */
    public boolean covers(Case other, HeadAggregation wanted) {
        return other != null && c.id().equals(other.getId()) && aggregation.equals(wanted) && (failed || getState() != NONE);
    }

    @Override
    protected void failed(Throwable error) {
        failed = true;
    }

    @Override
    protected void ask(CaseResult r, LiveCase live, IProgressMonitor monitor) {
        if (live.crop().isEmpty()) {
            throw new IllegalStateException("case " + r.caseId() + " has no image, so it has no image map");
        }
        session.aggregatedMapArrived(r, live.map(aggregation, monitor));
    }
}
