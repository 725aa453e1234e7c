package org.llavalens.ui.handlers;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.llavalens.ui.jobs.OpenProjectJob;

/** File > Open Demo Project (created from the demo scenes on first use). */
public final class OpenDemoProjectHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        OpenProjectJob.demo(Handlers.session(event)).schedule();
        return null;
    }
}
