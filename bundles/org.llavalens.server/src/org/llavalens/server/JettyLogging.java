package org.llavalens.server;

import java.util.logging.Level;
import java.util.logging.Logger;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkUtil;

/**
 * Gives Jetty's SLF4J its provider (slf4j-simple: INFO and above on stderr) before Jetty's first
 * class logs. In the product SLF4J finds providers through SPI Fly, which registers one only when
 * its bundle is active: the host starts it here, so the other commands, which have no Jetty, load
 * no logger, and SPI Fly's note that it registered one is kept out of the host's output. In a plain
 * JVM (the tests' child host) SLF4J reads the provider from the class path and nothing is done.
 */
final class JettyLogging {

    static final String PROVIDER = "slf4j.simple";
    /** JUL forgets loggers nobody holds, and their levels with them. */
    private static final Logger SPI_FLY = Logger.getLogger("org.apache.aries.spifly");

    private JettyLogging() {
    }

    static synchronized void start() {
        Bundle self = FrameworkUtil.getBundle(JettyLogging.class);
        if (self == null) {
            return;
        }
        try {
            BundleContext context = self.getBundleContext();
            if (context == null) {
                // not started (it has no activator): started now, only to reach the framework's bundles
                self.start();
                context = self.getBundleContext();
            }
            for (Bundle b : context.getBundles()) {
                if (PROVIDER.equals(b.getSymbolicName()) && b.getState() != Bundle.ACTIVE) {
                    SPI_FLY.setLevel(Level.WARNING);
                    b.start();
                }
            }
        } catch (BundleException | IllegalStateException e) {
            // without a provider SLF4J prints its own warning and Jetty logs nothing: the host still serves
            Logger.getLogger(JettyLogging.class.getName()).warning("Jetty's log provider " + PROVIDER + " did not start: " + e.getMessage());
        }
    }
}
