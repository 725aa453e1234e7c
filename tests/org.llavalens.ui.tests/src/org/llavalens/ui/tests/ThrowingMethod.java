package org.llavalens.ui.tests;

import org.eclipse.core.runtime.IProgressMonitor;
import org.llavalens.attribution.method.AttributionMethod;
import org.llavalens.attribution.method.MethodContext;
import org.llavalens.attribution.method.MethodOutput;
import org.llavalens.attribution.method.Produces;

/** A broken plug-in method: it always throws. */
public final class ThrowingMethod implements AttributionMethod {

    static final String MESSAGE = "the test method broke on purpose";

    @Override
    public String id() {
        return "ui-test-throws";
    }

    @Override
    public String label() {
        return "Throwing test method";
    }

    @Override
    public Produces produces() {
        return Produces.POSITIONS;
    }

    @Override
    public java.util.List<org.llavalens.attribution.method.MethodParameter<?>> parameters() {
        return java.util.List.of();
    }

    @Override
    public MethodOutput compute(MethodContext context, IProgressMonitor monitor) {
        throw new IllegalStateException(MESSAGE);
    }
}
