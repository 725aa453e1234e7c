package org.llavalens.ui.app;

import org.eclipse.swt.graphics.Point;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.application.IWorkbenchConfigurer;
import org.eclipse.ui.application.IWorkbenchWindowConfigurer;
import org.eclipse.ui.application.WorkbenchAdvisor;
import org.eclipse.ui.application.WorkbenchWindowAdvisor;
import org.eclipse.ui.statushandlers.StatusManager;
import org.llavalens.ui.jobs.LensJob;
import org.llavalens.ui.jobs.OpenProjectJob;
import org.llavalens.ui.session.LensSession;
import org.llavalens.ui.views.CanvasView;

/**
 * Opens one window on the LLaVA Lens perspective and, unless told otherwise
 * ({@code -Dllavalens.openDemo=false}), the demo project, so a first start shows something.
 * Closing saves the project. {@code -Dllavalens.startupCheck=FILE} runs the build's check of the
 * product ({@link StartupCheck}).
 */
public final class LensWorkbenchAdvisor extends WorkbenchAdvisor {

    @Override
    public void initialize(IWorkbenchConfigurer configurer) {
        // each start lays the views out afresh: the layout is part of the product, not user state
        configurer.setSaveAndRestore(false);
    }

    @Override
    public String getInitialWindowPerspectiveId() {
        return LensPerspective.ID;
    }

    @Override
    public void postStartup() {
        if (!"false".equals(System.getProperty("llavalens.openDemo"))) {
            OpenProjectJob.demo(session()).schedule();
        }
        StartupCheck.startIfAsked(getWorkbenchConfigurer().getWorkbench(), session());
    }

    @Override
    public boolean preShutdown() {
        try {
            session().shutdown();
        } catch (Exception e) {
            StatusManager.getManager().handle(new org.eclipse.core.runtime.Status(org.eclipse.core.runtime.IStatus.ERROR,
                    LensJob.PLUGIN_ID, "Saving the project failed: " + e.getMessage(), e),
                    StatusManager.SHOW | StatusManager.LOG | StatusManager.BLOCK);
        }
        return true;
    }

    private LensSession session() {
        return getWorkbenchConfigurer().getWorkbench().getService(LensSession.class);
    }

    @Override
    public WorkbenchWindowAdvisor createWorkbenchWindowAdvisor(IWorkbenchWindowConfigurer configurer) {
        return new WorkbenchWindowAdvisor(configurer) {
            @Override
            public void preWindowOpen() {
                IWorkbenchWindowConfigurer c = getWindowConfigurer();
                c.setInitialSize(new Point(1400, 900));
                c.setShowStatusLine(true);
                c.setShowProgressIndicator(true);
                c.setShowCoolBar(true);
                c.setTitle("LLaVA Lens");
            }

            @Override
            public void postWindowOpen() {
                IWorkbenchPage page = getWindowConfigurer().getWindow().getActivePage();
                try {
                    page.showView(CanvasView.ID);
                } catch (PartInitException e) {
                    StatusManager.getManager().handle(e.getStatus(), StatusManager.LOG);
                }
            }
        };
    }
}
