package org.llavalens.attribution.method;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IConfigurationElement;
import org.eclipse.core.runtime.IExtensionRegistry;
import org.eclipse.core.runtime.RegistryFactory;
import org.llavalens.attribution.method.builtin.AverageAttentionMethod;
import org.llavalens.attribution.method.builtin.CausalAblationMethod;
import org.llavalens.attribution.method.builtin.LogProbIncreaseMethod;

/**
 * Every attribution method known to this installation, in the manner of Trace Compass's
 * DataProviderManager: descriptors are read from the extension point
 * {@code org.llavalens.attribution.methods} up front, a method's class is instantiated only when
 * first asked for by id, and a contribution that cannot be loaded is reported in
 * {@link #problems()} instead of breaking the others. Without an extension registry (plain Java
 * tests, tools) the built-in methods are used directly.
 */
public final class MethodRegistry {

    public static final String EXTENSION_POINT = "org.llavalens.attribution.methods";

    private final Map<String, MethodDescriptor> descriptors = new LinkedHashMap<>();
    private final Map<String, Supplier<AttributionMethod>> factories = new LinkedHashMap<>();
    private final Map<String, AttributionMethod> loaded = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();

    private MethodRegistry() {
    }

    /** The platform's registry if one runs, else the built-ins. */
    public static MethodRegistry fromPlatform() {
        IExtensionRegistry registry = RegistryFactory.getRegistry();
        if (registry == null) {
            return builtIns();
        }
        // built once per platform: the registry caches each method's instance, so every analysis shares them
        PlatformRegistry known = platform;
        if (known == null || known.extensions() != registry) {
            known = new PlatformRegistry(registry, fromExtensions(registry));
            platform = known;
        }
        return known.methods();
    }

    private record PlatformRegistry(IExtensionRegistry extensions, MethodRegistry methods) {
    }

    private static volatile PlatformRegistry platform;

    public static MethodRegistry builtIns() {
        return of(List.of(new LogProbIncreaseMethod(), new AverageAttentionMethod(), new CausalAblationMethod()));
    }

    /** A registry over given instances (tests, embedding applications). */
    public static MethodRegistry of(List<AttributionMethod> methods) {
        MethodRegistry r = new MethodRegistry();
        for (AttributionMethod m : methods) {
            r.add(new MethodDescriptor(m.id(), m.label(), m.produces(), "", "built-in"), () -> m);
        }
        return r;
    }

    static MethodRegistry fromExtensions(IExtensionRegistry registry) {
        MethodRegistry r = new MethodRegistry();
        for (IConfigurationElement e : registry.getConfigurationElementsFor(EXTENSION_POINT)) {
            String contributor = e.getContributor().getName();
            try {
                if (!"method".equals(e.getName())) {
                    continue;
                }
                String id = required(e, "id");
                MethodDescriptor d = new MethodDescriptor(id, required(e, "label"), Produces.parse(e.getAttribute("produces")),
                        e.getAttribute("description") == null ? "" : e.getAttribute("description"), contributor);
                r.add(d, () -> instantiate(e, id));
            } catch (RuntimeException ex) {
                r.problems.add(contributor + ": " + ex.getMessage());
            }
        }
        return r;
    }

    private static String required(IConfigurationElement e, String attribute) {
        String v = e.getAttribute(attribute);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("method contribution without '" + attribute + "'");
        }
        return v;
    }

    private static AttributionMethod instantiate(IConfigurationElement e, String id) {
        try {
            Object o = e.createExecutableExtension("class");
            if (!(o instanceof AttributionMethod m)) {
                throw new IllegalStateException("method " + id + ": class " + o.getClass().getName()
                        + " does not implement AttributionMethod");
            }
            if (!id.equals(m.id())) {
                throw new IllegalStateException("method " + id + ": class reports id '" + m.id() + "'");
            }
            return m;
        } catch (CoreException ex) {
            throw new IllegalStateException("method " + id + " cannot be loaded: " + ex.getMessage(), ex);
        }
    }

    private void add(MethodDescriptor d, Supplier<AttributionMethod> factory) {
        if (descriptors.containsKey(d.id())) {
            problems.add(d.contributor() + ": method id '" + d.id() + "' is already contributed by "
                    + descriptors.get(d.id()).contributor() + "; ignored");
            return;
        }
        descriptors.put(d.id(), d);
        factories.put(d.id(), factory);
    }

    public List<MethodDescriptor> list() {
        return List.copyOf(descriptors.values());
    }

    /** Contributions that could not be read or loaded, one line each. */
    public synchronized List<String> problems() {
        return Collections.unmodifiableList(new ArrayList<>(problems));
    }

    /**
     * The method with this id, instantiated on first use.
     *
     * @throws IllegalArgumentException if no such method is contributed
     * @throws IllegalStateException    if it is contributed but cannot be loaded (also recorded in problems)
     */
    public synchronized AttributionMethod get(String id) {
        AttributionMethod m = loaded.get(id);
        if (m != null) {
            return m;
        }
        Supplier<AttributionMethod> f = factories.get(id);
        if (f == null) {
            throw new IllegalArgumentException("no attribution method '" + id + "' (known: "
                    + String.join(", ", descriptors.keySet()) + ")");
        }
        try {
            m = f.get();
        } catch (RuntimeException e) {
            problems.add(e.getMessage());
            throw e;
        }
        loaded.put(id, m);
        return m;
    }

    /**
     * Reads each parameter text against the parameter of that key the methods {@code ids} declare,
     * so that a value that does not fit is refused before any work (the edges call this: the
     * explain service for the CLI, the workbench and the host). Keys no chosen method declares are
     * left alone (one settings map serves every method); a method that cannot be loaded is left to
     * fail, isolated, when it runs.
     *
     * @throws IllegalArgumentException one line naming the parameter when a text is no value of it
     */
    public void checkParameters(List<String> ids, Map<String, String> texts) {
        for (String id : ids) {
            AttributionMethod m;
            try {
                m = get(id);
            } catch (RuntimeException e) {
                continue;
            }
            for (MethodParameter<?> p : m.parameters()) {
                String text = texts.get(p.key());
                if (text != null) {
                    p.parse(text);
                }
            }
        }
    }
}
