package org.llavalens.ui.handlers;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.llavalens.ui.jobs.AblateCaseJob;
import org.llavalens.ui.jobs.AnalyzeCaseJob;
import org.llavalens.ui.jobs.BatchJob;

/** Case > Run Analysis ({@code kind=ablation}: the causal baseline; {@code kind=all}: every case, as a batch). */
public final class AnalyzeHandler extends AbstractHandler {

    public static final String KIND = "kind";

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        var session = Handlers.session(event);
        if ("all".equals(event.getParameter(KIND))) {
            new BatchJob(session).schedule();
            return null;
        }
        var c = Handlers.currentCase(event);
        if ("ablation".equals(event.getParameter(KIND))) {
            new AblateCaseJob(session, c).schedule();
        } else {
            new AnalyzeCaseJob(session, c).schedule();
        }
        return null;
    }
}
