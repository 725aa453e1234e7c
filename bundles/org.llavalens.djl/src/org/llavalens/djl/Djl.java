package org.llavalens.djl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;

/**
 * The one entry to DJL inside OSGi.
 *
 * <p>DJL finds its engine through {@link java.util.ServiceLoader} on the thread context class loader
 * and fixes the default engine once per JVM. If the first touch happens under a consumer bundle's
 * loader, the PyTorch engine stays "not found" for the life of the JVM. Every caller therefore goes
 * through here: the first call runs with this bundle's loader as context loader, and the engine is
 * always named explicitly.
 */
public final class Djl {

    public static final String ENGINE = "PyTorch";

    private static volatile Engine engine;

    private Djl() {
    }

    /** The PyTorch engine, initialised once per JVM under this bundle's class loader. */
    public static Engine engine() {
        Engine e = engine;
        if (e != null) {
            return e;
        }
        synchronized (Djl.class) {
            if (engine == null) {
                engine = initialise();
            }
            return engine;
        }
    }

    /** A new base manager on the PyTorch engine's CPU device (or the device configured by DJL). */
    public static NDManager newManager() {
        return engine().newBaseManager();
    }

    private static Engine initialise() {
        if (System.getProperty("ai.djl.offline") == null) {
            // Weights never come from a hub: the project runs offline from the natives it ships.
            System.setProperty("ai.djl.offline", "true");
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(Djl.class.getClassLoader());
        try {
            return Engine.getEngine(ENGINE);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
