package org.llavalens.ui.jobs;

import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;
import org.llavalens.annotation.model.Case;
import org.llavalens.annotation.model.Dataset;
import org.llavalens.ui.session.CompareTarget;
import org.llavalens.ui.session.LensSession;

/**
 * Vicuna text QA vs LLaVA text QA vs LLaVA visual QA head maps of a case, or averaged over a
 * dataset; the cases are copied in the realm when the job is made.
 */
public final class CompareJob extends LensJob {

    private final LensSession session;
    private final ComparedCase c;
    private final String dataset;
    private final List<ComparedCase> cases;
    private final CompareTarget target;
    private final AnalysisSettings settings;

    public CompareJob(LensSession session, Case c, CompareTarget target) {
        super("Comparing Vicuna and LLaVA on " + c.getId(), true);
        this.session = session;
        this.c = ComparedCase.of(session.project(), c);
        this.dataset = null;
        this.cases = List.of();
        this.target = target;
        this.settings = AnalysisSettings.fromPreferences();
    }

    /** The comparison averaged over every case of a dataset. */
    public CompareJob(LensSession session, Dataset dataset, CompareTarget target) {
        super("Comparing Vicuna and LLaVA on dataset " + dataset.getName(), true);
        this.session = session;
        this.c = null;
        this.dataset = dataset.getName();
        this.cases = session.project().realm().call(
                () -> dataset.getCases().stream().map(ComparedCase::of).toList());
        this.target = target;
        this.settings = AnalysisSettings.fromPreferences();
    }

    @Override
    protected void work(IProgressMonitor monitor) throws Exception {
        HeadAnalyzer analyzer = new HeadAnalyzer(session.project(), session.models(), settings);
        session.compareArrived(dataset == null ? analyzer.compare(c, target, monitor)
                : analyzer.compareAll("dataset " + dataset, cases, target, monitor));
    }

    @Override
    protected void failed(Throwable error) {
        session.compareFailed(error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage());
    }
}
