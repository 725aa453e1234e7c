package org.llavalens.attribution.method.builtin;

import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.IProgressMonitor;
import org.llavalens.attribution.ScoreVector;
import org.llavalens.attribution.baseline.CausalAblation;
import org.llavalens.attribution.method.DeclaredMethod;
import org.llavalens.attribution.method.MethodContext;
import org.llavalens.attribution.method.MethodIds;
import org.llavalens.attribution.method.MethodOutput;
import org.llavalens.attribution.method.MethodParameter;
import org.llavalens.attribution.method.Produces;
import org.llavalens.runtime.trace.CaptureSpec;
import org.llavalens.runtime.trace.ImageAblation;
import org.llavalens.runtime.trace.ImageSpan;

/** The causal baseline: one rerun per image patch; needs the loaded model, not just a trace. */
public final class CausalAblationMethod extends DeclaredMethod {

    public static final String ID = MethodIds.CAUSAL_ABLATION;
    public static final String REPLACEMENT = "replacement";
    /** What an image patch's features are replaced with in each rerun. */
    public static final MethodParameter<ImageAblation.Replacement> REPLACEMENT_PARAMETER = MethodParameter.of(
            REPLACEMENT, CausalAblationMethod::parse, CausalAblationMethod::text, ImageAblation.Replacement.ZEROS,
            "what replaces a patch: zeros or mean (the mean image feature)");

    /** Reruns the model itself; the trace only has to give the image span. */
    public CausalAblationMethod() {
        super(ID, "Causal patch ablation", Produces.POSITIONS, CaptureSpec.MINIMAL, List.of(REPLACEMENT_PARAMETER));
    }

    @Override
    public MethodOutput compute(MethodContext context, IProgressMonitor monitor) {
        ImageSpan span = context.trace().imageSpan()
                .orElseThrow(() -> new IllegalArgumentException("causal ablation needs an image; this input has none"));
        ImageAblation ablation = context.ablation().orElseThrow(
                () -> new IllegalStateException("causal ablation reruns the model; only a trace is available"));
        ImageAblation.Replacement replacement = context.value(REPLACEMENT_PARAMETER);
        CausalAblation.Result r = CausalAblation.run(ablation, context.target().id(), span.patchCount(), replacement, monitor);
        Map<String, String> used = Map.of("reruns", Integer.toString(span.patchCount()));
        Map<String, ScoreVector> arrays = Map.of("baseline_logprob",
                ScoreVector.of(ScoreVector.Axis.VALUES, new double[] { r.baselineLogProb() }));
        return MethodOutput.ofImage(r.drops()).withArrays(arrays).withSettings(used);
    }

    static String text(ImageAblation.Replacement replacement) {
        return replacement == ImageAblation.Replacement.ZEROS ? "zeros" : "mean";
    }

    static ImageAblation.Replacement parse(String text) {
        return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "zeros", "zero" -> ImageAblation.Replacement.ZEROS;
            case "mean" -> ImageAblation.Replacement.MEAN_IMAGE_FEATURE;
            default -> throw new IllegalArgumentException("replacement '" + text + "' is not zeros or mean");
        };
    }
}
