package org.llavalens.ui.session;

import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.services.AbstractServiceFactory;
import org.eclipse.ui.services.IServiceLocator;

/**
 * Provides the one {@link LensSession} of the workbench through {@code org.eclipse.ui.services},
 * so parts and handlers ask their site for it instead of reaching for a static.
 */
public final class LensSessionFactory extends AbstractServiceFactory {

    private static LensSession session;

    @Override
    public synchronized Object create(@SuppressWarnings("rawtypes") Class serviceInterface, IServiceLocator parentLocator,
            IServiceLocator locator) {
        if (serviceInterface != LensSession.class) {
            return null;
        }
        if (session == null) {
            session = new LensSession();
        }
        return session;
    }

    /** The session from the workbench (for code that has no site: jobs, the advisor). */
    public static LensSession get() {
        return PlatformUI.getWorkbench().getService(LensSession.class);
    }
}
