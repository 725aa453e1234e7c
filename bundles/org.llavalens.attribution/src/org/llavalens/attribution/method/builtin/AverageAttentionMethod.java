package org.llavalens.attribution.method.builtin;

import java.util.Map;

import org.eclipse.core.runtime.IProgressMonitor;
import org.llavalens.attribution.baseline.AverageAttention;
import org.llavalens.attribution.method.AttributionMethod;
import org.llavalens.attribution.method.MethodContext;
import org.llavalens.attribution.method.MethodIds;
import org.llavalens.attribution.method.MethodOutput;
import org.llavalens.attribution.method.Produces;

/** The average-attention baseline over the image patches. */
public final class AverageAttentionMethod implements AttributionMethod {

    public static final String ID = MethodIds.AVERAGE_ATTENTION;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String label() {
        return "Average attention";
    }

    @Override
    public Produces produces() {
        return Produces.POSITIONS;
    }

    /** Attention weights of the last query are always captured; no values are needed. */
    @Override
    public org.llavalens.runtime.trace.CaptureSpec requiredCapture() {
        return org.llavalens.runtime.trace.CaptureSpec.MINIMAL;
    }

    @Override
    public Map<String, String> defaultSettings() {
        return Map.of();
    }

    @Override
    public MethodOutput compute(MethodContext context, IProgressMonitor monitor) {
        double[] image = AverageAttention.imageScores(context.trace());
        return new MethodOutput(Map.of("heads", "all"), null, image, null, null);
    }
}
