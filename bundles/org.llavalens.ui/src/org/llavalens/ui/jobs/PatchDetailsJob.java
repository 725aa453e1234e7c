package org.llavalens.ui.jobs;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.llavalens.annotation.model.Case;
import org.llavalens.attribution.HeadId;
import org.llavalens.runtime.trace.ForwardTrace;
import org.llavalens.ui.session.CaseResult;
import org.llavalens.ui.session.LensSession;
import org.llavalens.ui.session.PatchDetails;

/** Token tables of a selected patch (and head); captures every position once per case. */
public final class PatchDetailsJob extends LensJob {

    private final LensSession session;
    private final Case c;
    private final int patch;
    private final HeadId head;
    private final AnalysisSettings settings;

    public PatchDetailsJob(LensSession session, Case c, int patch, HeadId head) {
        super("Tokens of patch " + patch, true);
        this.session = session;
        this.c = c;
        this.patch = patch;
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
        CaseAnalyzer analyzer = new CaseAnalyzer(session.project(), session.models(), settings);
        ForwardTrace trace = analyzer.trace(c, r, true, sub.split(6));
        if (trace != r.trace()) {
            session.putResult(r.withTrace(trace));
        }
        PatchDetails d = analyzer.patchDetails(trace, patch, head, sub.split(4));
        if (session.selectedPatches().contains(patch)) {
            session.patchDetailsArrived(d);
        }
    }
}
