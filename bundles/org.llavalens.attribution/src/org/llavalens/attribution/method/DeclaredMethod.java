package org.llavalens.attribution.method;

import java.util.List;

import org.llavalens.runtime.trace.CaptureSpec;

/**
 * An attribution method whose description is fixed: id, label, what it produces, the hooks it reads
 * and its parameters are given once to the constructor, so a method writes only
 * {@link #compute}.
 */
public abstract class DeclaredMethod implements AttributionMethod {

    private final String id;
    private final String label;
    private final Produces produces;
    private final CaptureSpec requiredCapture;
    private final List<MethodParameter<?>> parameters;

    /** @param parameters in the order help and records show them */
    protected DeclaredMethod(String id, String label, Produces produces, CaptureSpec requiredCapture,
            List<MethodParameter<?>> parameters) {
        this.id = id;
        this.label = label;
        this.produces = produces;
        this.requiredCapture = requiredCapture;
        this.parameters = List.copyOf(parameters);
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
    public final List<MethodParameter<?>> parameters() {
        return parameters;
    }
}
