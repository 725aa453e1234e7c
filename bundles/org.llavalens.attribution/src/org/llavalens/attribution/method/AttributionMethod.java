package org.llavalens.attribution.method;

import org.eclipse.core.runtime.IProgressMonitor;

/**
 * An attribution method contributed through the extension point
 * {@code org.llavalens.attribution.methods} (the built-in ones included). Implementations are
 * stateless, have a public no-argument constructor, honour cancellation, and return raw scores;
 * normalisation and head aggregation for display are separate, recorded steps.
 */
public interface AttributionMethod {

    /** Stable id stored in results, e.g. {@code logprob-increase}. */
    String id();

    /** A short name for menus and reports. */
    String label();

    Produces produces();

    /**
     * The parameters this method reads through {@link MethodContext#value}, in the order help and
     * records show them; the values it ran with are recorded with its result.
     */
    java.util.List<MethodParameter<?>> parameters();

    /**
     * What the forward pass must capture for this method; callers run the pass with the union over
     * the methods requested. The default is what the built-in log-probability increase needs.
     */
    default org.llavalens.runtime.trace.CaptureSpec requiredCapture() {
        return org.llavalens.runtime.trace.CaptureSpec.ATTRIBUTION;
    }

    /**
     * Computes the scores. Throws with a one-line message when the case does not fit (e.g. no
     * image, no loaded model for a method that reruns it).
     */
    MethodOutput compute(MethodContext context, IProgressMonitor monitor);
}
