package org.llavalens.ui.jobs;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.MultiStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.ui.statushandlers.StatusManager;
import org.llavalens.analysis.ProjectCases;
import org.llavalens.annotation.CaseSnapshot;
import org.llavalens.annotation.model.Case;
import org.llavalens.ui.prefs.LensPreferences;
import org.llavalens.ui.session.CaseResult;
import org.llavalens.ui.session.LensSession;

/**
 * Reads the results saved with a case, so a reopened case shows its evidence without the model; a
 * damaged result file is named in a warning and the readable ones are still shown.
 */
public final class LoadResultJob extends LensJob {

    private final LensSession session;
    private final CaseSnapshot c;
    /** Whose tokenizer names the input tokens. */
    private final Path llava;

    public LoadResultJob(LensSession session, Case c) {
        this(session, CaseSnapshot.of(session.project(), c));
    }

    public LoadResultJob(LensSession session, CaseSnapshot c) {
        super("Reading the results of " + c.id(), false);
        this.session = session;
        this.c = c;
        this.llava = LensPreferences.llavaFolder();
        setUser(false);
    }

    @Override
    protected void work(IProgressMonitor monitor) throws Exception {
        Map<String, String> unreadable = new LinkedHashMap<>();
        ProjectCases cases = new ProjectCases(session.project());
        ProjectCases.Stored stored = cases.load(c, llava, unreadable);
        CaseResult r = stored == null ? null : new CaseResult(c.id(), cases.image(c), stored.records(), null, stored.tokens());
        if (r != null) {
            session.putResult(r);
        }
        if (!unreadable.isEmpty()) {
            MultiStatus status = new MultiStatus(PLUGIN_ID, 0, "Saved results of " + c.id() + " cannot be read and are"
                    + " not shown (" + String.join(", ", unreadable.keySet()) + ")"
                    + (r == null ? "; analyse the case again" : ""), null);
            unreadable.forEach((path, why) -> status.add(new Status(IStatus.WARNING, PLUGIN_ID, why)));
            StatusManager.getManager().handle(status, StatusManager.SHOW | StatusManager.LOG);
        }
    }
}
