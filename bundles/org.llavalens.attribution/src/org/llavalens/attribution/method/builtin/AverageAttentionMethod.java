package org.llavalens.attribution.method.builtin;

import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.IProgressMonitor;
import org.llavalens.attribution.baseline.AverageAttention;
import org.llavalens.attribution.method.DeclaredMethod;
import org.llavalens.attribution.method.MethodContext;
import org.llavalens.attribution.method.MethodIds;
import org.llavalens.attribution.method.MethodOutput;
import org.llavalens.attribution.method.Produces;
import org.llavalens.runtime.trace.CaptureSpec;

/** The average-attention baseline over the image patches. */
public final class AverageAttentionMethod extends DeclaredMethod {

    public static final String ID = MethodIds.AVERAGE_ATTENTION;

    /** Attention weights of the last query are always captured; no values are needed. */
    public AverageAttentionMethod() {
        super(ID, "Average attention", Produces.POSITIONS, CaptureSpec.MINIMAL, List.of());
    }

    @Override
    public MethodOutput compute(MethodContext context, IProgressMonitor monitor) {
        double[] image = AverageAttention.imageScores(context.trace());
        return MethodOutput.ofImage(image).withSettings(Map.of("heads", "all"));
    }
}
