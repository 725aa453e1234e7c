package org.llavalens.ui.jobs;

import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;
import org.llavalens.analysis.explain.LiveCase;
import org.llavalens.annotation.model.Case;
import org.llavalens.attribution.HeadAggregation;
import org.llavalens.attribution.HeadId;
import org.llavalens.ui.session.CaseResult;
import org.llavalens.ui.session.LensSession;

/** Position scores of a head the result did not keep: the live case's map of that one head. */
public final class HeadMapJob extends LiveCaseJob {

    private final HeadId head;

    public HeadMapJob(LensSession session, Case c, HeadId head) {
        super("Position map of head " + head, session, c);
        this.head = head;
    }

    @Override
    protected void ask(CaseResult r, LiveCase live, IProgressMonitor monitor) {
        double[] positions = live.map(HeadAggregation.selected(List.of(head)), monitor).positions().get(head);
        session.knownPositions(r).put(head, positions);
        session.headPositionsArrived(head, positions);
    }
}
