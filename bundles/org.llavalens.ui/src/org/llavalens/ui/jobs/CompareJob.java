package org.llavalens.ui.jobs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;
import org.llavalens.analysis.ProjectCases;
import org.llavalens.analysis.explain.CaseQuestion;
import org.llavalens.analysis.explain.CompareRequest;
import org.llavalens.analysis.explain.CompareTarget;
import org.llavalens.analysis.explain.Comparison;
import org.llavalens.analysis.explain.ExplainService;
import org.llavalens.annotation.model.Case;
import org.llavalens.annotation.model.Dataset;
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
        ExplainService service = session.service();
        if (dataset == null) {
            session.compareArrived(compare(service, c, monitor));
            return;
        }
        if (cases.isEmpty()) {
            throw new IllegalArgumentException("no cases to compare");
        }
        SubMonitor sub = SubMonitor.convert(monitor, "Comparing " + cases.size() + " cases", cases.size());
        List<Comparison> each = new ArrayList<>();
        for (ComparedCase one : cases) {
            if (sub.isCanceled()) {
                throw new OperationCanceledException();
            }
            each.add(compare(service, one, sub.split(1)));
        }
        session.compareArrived(Comparison.mean("dataset " + dataset, each));
    }

    /** One case asked three ways, named by its id (the service checks it can be asked as text). */
    private Comparison compare(ExplainService service, ComparedCase one, IProgressMonitor monitor) throws IOException {
        CaseQuestion question = new ProjectCases(session.project()).question(one.snapshot());
        return service.compare(new CompareRequest(one.snapshot().id(), settings.llavaId(), settings.vicunaId(),
                question, one.expectedAnswer(), target), monitor);
    }

    @Override
    protected void failed(Throwable error) {
        session.compareFailed(error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage());
    }
}
