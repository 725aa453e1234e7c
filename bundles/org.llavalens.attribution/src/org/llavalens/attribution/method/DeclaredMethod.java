package org.llavalens.attribution.method;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.llavalens.runtime.trace.CaptureSpec;

/**
 * An attribution method whose description is fixed: id, label, what it produces, the hooks it reads
 * and its settings' defaults are given once to the constructor, so a method writes only
 * {@link #compute}.
 */
public abstract class DeclaredMethod implements AttributionMethod {

    private final String id;
    private final String label;
    private final Produces produces;
    private final CaptureSpec requiredCapture;
    private final Map<String, String> defaultSettings;

    /** @param defaultSettings in the order help and records show them */
    protected DeclaredMethod(String id, String label, Produces produces, CaptureSpec requiredCapture,
            Map<String, String> defaultSettings) {
        this.id = id;
        this.label = label;
        this.produces = produces;
        this.requiredCapture = requiredCapture;
        this.defaultSettings = Collections.unmodifiableMap(new LinkedHashMap<>(defaultSettings));
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final String label() {
        return label;
    }

    @Override
    public final Produces produces() {
        return produces;
    }

    @Override
    public final CaptureSpec requiredCapture() {
        return requiredCapture;
    }

    @Override
    public final Map<String, String> defaultSettings() {
        return defaultSettings;
    }
}
