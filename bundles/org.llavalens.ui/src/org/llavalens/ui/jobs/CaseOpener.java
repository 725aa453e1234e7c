package org.llavalens.ui.jobs;

import org.llavalens.annotation.model.Case;
import org.llavalens.ui.session.LensSession;

/** Makes a case current and brings its saved result in (a case analysed before shows at once). */
public final class CaseOpener {

    private CaseOpener() {
    }

    public static void open(LensSession session, Case c) {
        session.setCurrentCase(c);
        if (c != null && session.result(c.getId()) == null && !c.getResults().isEmpty()) {
            new LoadResultJob(session, c).schedule();
        }
    }
}
