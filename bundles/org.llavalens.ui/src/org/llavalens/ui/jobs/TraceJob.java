package org.llavalens.ui.jobs;

import java.io.IOException;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.llavalens.annotation.CaseSnapshot;
import org.llavalens.annotation.model.Case;
import org.llavalens.runtime.trace.CaptureSpec;
import org.llavalens.runtime.trace.ForwardTrace;
import org.llavalens.ui.session.CaseResult;
import org.llavalens.ui.session.LensSession;

/**
 * A job that reads more out of an analysed case's trace: the session's when it has one that
 * captured enough, else a new forward pass, which the session then keeps for the next question.
 */
abstract class TraceJob extends LensJob {

    /** The case's result together with the trace to read. */
    protected record Traced(CaseResult result, ForwardTrace trace) {
    }

    protected final LensSession session;
    /** The case, copied in the realm when the job is made: the job never reads EMF objects. */
    protected final CaseSnapshot c;
    protected final HeadAnalyzer analyzer;
    /** What the job reads beyond the attribution's capture (every position, every position's logits). */
    private final CaptureSpec needs;

    protected TraceJob(String name, LensSession session, Case c, CaptureSpec needs) {
        super(name, true);
        this.session = session;
        this.c = CaseSnapshot.of(session.project(), c);
        this.analyzer = new HeadAnalyzer(session.project(), session.models(), AnalysisSettings.fromPreferences());
        this.needs = needs;
    }

    @Override
    protected final void work(IProgressMonitor monitor) throws Exception {
        SubMonitor sub = SubMonitor.convert(monitor, getName(), 10);
        Traced t = traced(sub.split(6));
        if (t != null) {
            read(t, sub.split(4));
        }
    }

    /** Reads the job's answer out of the trace and hands it to the session. */
    protected abstract void read(Traced t, IProgressMonitor monitor) throws Exception;

    /** The trace, with what the job needs; null when the case has no result (any more). */
    private Traced traced(IProgressMonitor monitor) throws IOException {
        CaseResult r = session.result(c.id());
        if (r == null) {
            return null;
        }
        ForwardTrace trace = analyzer.trace(c, r, needs, monitor);
        if (trace != r.trace()) {
            r = r.withTrace(trace);
            session.putResult(r);
        }
        return new Traced(r, trace);
    }
}
