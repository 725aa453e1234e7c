package org.llavalens.ui.jobs;

import org.eclipse.core.runtime.IProgressMonitor;
import org.llavalens.annotation.model.Case;
import org.llavalens.attribution.HeadId;
import org.llavalens.runtime.trace.CaptureSpec;
import org.llavalens.ui.session.LensSession;
import org.llavalens.ui.session.PatchDetails;

/** Token tables of a selected patch (and head); captures every position once per case. */
public final class PatchDetailsJob extends TraceJob {

    private final int patch;
    private final HeadId head;

    public PatchDetailsJob(LensSession session, Case c, int patch, HeadId head) {
        super("Tokens of patch " + patch, session, c, CaptureSpec.FULL);
        this.patch = patch;
        this.head = head;
    }

    @Override
    protected void read(Traced t, IProgressMonitor monitor) {
        PatchDetails d = analyzer.patchDetails(t.trace(), patch, head, monitor);
        if (session.selectedPatches().contains(patch)) {
            session.patchDetailsArrived(d);
        }
    }
}
