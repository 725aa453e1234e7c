package org.llavalens.ui.jobs;

import org.eclipse.core.runtime.IProgressMonitor;
import org.llavalens.analysis.explain.LiveCase;
import org.llavalens.analysis.explain.PatchTables;
import org.llavalens.annotation.model.Case;
import org.llavalens.attribution.HeadId;
import org.llavalens.ui.session.CaseResult;
import org.llavalens.ui.session.LensSession;

/** Token tables of a selected patch (and head), asked of the case's live case. */
public final class PatchDetailsJob extends LiveCaseJob {

    private final int patch;
    private final HeadId head;

    public PatchDetailsJob(LensSession session, Case c, int patch, HeadId head) {
        super("Tokens of patch " + patch, session, c);
        this.patch = patch;
        this.head = head;
    }

    @Override
    protected void ask(CaseResult r, LiveCase live, IProgressMonitor monitor) {
        PatchTables d = live.patch(patch, head, monitor);
        if (session.selectedPatches().contains(patch)) {
            session.patchDetailsArrived(d);
        }
    }
}
