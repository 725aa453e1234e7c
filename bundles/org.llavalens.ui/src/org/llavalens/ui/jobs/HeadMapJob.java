package org.llavalens.ui.jobs;

import org.eclipse.core.runtime.IProgressMonitor;
import org.llavalens.annotation.model.Case;
import org.llavalens.attribution.HeadId;
import org.llavalens.runtime.trace.CaptureSpec;
import org.llavalens.ui.session.LensSession;

/**
 * Position scores of a head the result did not keep: from the session's trace, or from a new
 * forward pass when the result was read from disk.
 */
public final class HeadMapJob extends TraceJob {

    private final HeadId head;

    public HeadMapJob(LensSession session, Case c, HeadId head) {
        super("Position map of head " + head, session, c, CaptureSpec.ATTRIBUTION);
        this.head = head;
    }

    @Override
    protected void read(Traced t, IProgressMonitor monitor) {
        session.headPositionsArrived(head, session.headMaps(t.result()).positions(t.trace(), head));
    }
}
