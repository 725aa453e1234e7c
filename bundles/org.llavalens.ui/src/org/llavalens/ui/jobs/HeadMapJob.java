package org.llavalens.ui.jobs;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.llavalens.annotation.model.Case;
import org.llavalens.attribution.HeadId;
import org.llavalens.ui.session.LensSession;

/**
 * Position scores of a head the result did not keep: from the session's trace, or from a new
 * forward pass when the result was read from disk.
 */
public final class HeadMapJob extends TraceJob {

    private final HeadId head;

    public HeadMapJob(LensSession session, Case c, HeadId head) {
        super("Position map of head " + head, session, c);
        this.head = head;
    }

    @Override
    protected void work(IProgressMonitor monitor) throws Exception {
        SubMonitor sub = SubMonitor.convert(monitor, getName(), 10);
        Traced t = traced(false, sub.split(7));
        if (t == null) {
            return;
        }
        double[] scores = session.headMaps(t.result()).positions(t.trace(), head);
        sub.worked(3);
        session.headPositionsArrived(head, scores);
    }
}
