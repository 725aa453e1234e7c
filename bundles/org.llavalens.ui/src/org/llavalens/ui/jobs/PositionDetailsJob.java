package org.llavalens.ui.jobs;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.llavalens.annotation.model.Case;
import org.llavalens.ui.session.LensSession;
import org.llavalens.ui.session.PositionDetails;

/** Token tables of a selected sequence position; captures every position once per case. */
public final class PositionDetailsJob extends TraceJob {

    private final int position;

    public PositionDetailsJob(LensSession session, Case c, int position) {
        super("Tokens of position " + position, session, c);
        this.position = position;
    }

    @Override
    protected void work(IProgressMonitor monitor) throws Exception {
        SubMonitor sub = SubMonitor.convert(monitor, getName(), 10);
        Traced t = traced(true, sub.split(6));
        if (t == null) {
            return;
        }
        PositionDetails d = analyzer.positionDetails(t.result(), t.trace(), position);
        sub.worked(4);
        session.positionDetailsArrived(d);
    }
}
