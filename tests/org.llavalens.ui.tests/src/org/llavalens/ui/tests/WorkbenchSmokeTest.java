package org.llavalens.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IViewReference;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;
import org.llavalens.ui.app.LensPerspective;

/** The workbench window opens on the LLaVA Lens perspective and shows its views. */
class WorkbenchSmokeTest {

    @Test
    void windowOpensOnTheLensPerspectiveWithItsViews() throws Exception {
        UiTestSupport.workbench();
        UiTestSupport.settle(500);
        IWorkbenchWindow window = UiTestSupport.onUi(() -> PlatformUI.getWorkbench().getActiveWorkbenchWindow());
        assertNotNull(window, "no workbench window");
        IWorkbenchPage page = UiTestSupport.onUi(window::getActivePage);
        assertEquals(LensPerspective.ID, UiTestSupport.onUi(() -> page.getPerspective().getId()));
        IViewReference[] views = UiTestSupport.onUi(page::getViewReferences);
        assertTrue(views.length >= 1, "the perspective shows no view");
        for (IViewReference view : views) {
            assertNotNull(UiTestSupport.onUi(() -> view.getView(true)), "view " + view.getId() + " did not open");
        }
        Shell shell = UiTestSupport.onUi(window::getShell);
        assertTrue(UiTestSupport.onUi(shell::isVisible), "the window is not visible");
        assertEquals("LLaVA Lens", UiTestSupport.onUi(shell::getText));
        Path png = UiTestSupport.screenshot(shell, "workbench");
        assertTrue(Files.size(png) > 1000, "screenshot is empty");
    }
}
