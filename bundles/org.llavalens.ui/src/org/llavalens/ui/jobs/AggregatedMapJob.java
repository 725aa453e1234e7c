package org.llavalens.ui.jobs;

import org.eclipse.core.runtime.IProgressMonitor;
import org.llavalens.annotation.model.Case;
import org.llavalens.attribution.AggregatedHeadMap;
import org.llavalens.attribution.HeadAggregation;
import org.llavalens.runtime.trace.CaptureSpec;
import org.llavalens.ui.session.LensSession;

/**
 * The log-increase image map of another head aggregation (top-1, top-k, selected heads), from
 * the session's trace or a new forward pass; head maps computed before are reused.
 */
public final class AggregatedMapJob extends TraceJob {

    private final HeadAggregation aggregation;
    private volatile boolean failed;

    public AggregatedMapJob(LensSession session, Case c, HeadAggregation aggregation) {
        super("Image map of heads " + aggregation, session, c, CaptureSpec.ATTRIBUTION);
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
    protected void read(Traced t, IProgressMonitor monitor) {
        AggregatedHeadMap map = HeadAnalyzer.aggregatedMap(t.result(), session.headMaps(t.result()), t.trace(),
                aggregation, monitor);
        session.aggregatedMapArrived(t.result(), map);
    }
}
