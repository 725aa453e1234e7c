package org.llavalens.examples.rollout;

import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.llavalens.attribution.ScoreVector;
import org.llavalens.attribution.method.DeclaredMethod;
import org.llavalens.attribution.method.MethodContext;
import org.llavalens.attribution.method.MethodOutput;
import org.llavalens.attribution.method.MethodParameter;
import org.llavalens.attribution.method.Produces;
import org.llavalens.runtime.trace.CaptureSpec;
import org.llavalens.runtime.trace.ForwardTrace;
import org.llavalens.runtime.trace.HookPoint;
import org.llavalens.runtime.trace.ImageSpan;

/** The rollout method as the engine sees it: typed parameters in, image and position scores out. */
public final class AttentionRolloutMethod extends DeclaredMethod {

    public static final String ID = "rollout";
    /** The weight of the identity mixed into each layer's attention (the residual stream's share). */
    static final MethodParameter<Double> RESIDUAL = MethodParameter.ofDouble("rollout.residual", 0.5,
            "weight of the identity mixed into each layer's attention, in [0, 1]");
    /** The first layer whose attention is rolled out. */
    static final MethodParameter<Integer> START_LAYER = MethodParameter.ofInt("rollout.startLayer", 0,
            "the first decoder layer rolled out");

    /** Reads the head-averaged attention of every query, which a pass keeps only when asked. */
    public AttentionRolloutMethod() {
        super(ID, "Attention rollout", Produces.POSITIONS, CaptureSpec.of(HookPoint.PATTERN_HEAD_MEAN),
                List.of(RESIDUAL, START_LAYER));
    }

    @Override
    public MethodOutput compute(MethodContext context, IProgressMonitor monitor) {
        ForwardTrace trace = context.trace();
        int layers = trace.model().numLayers();
        double residual = context.value(RESIDUAL);
        int startLayer = context.value(START_LAYER);
        SubMonitor progress = SubMonitor.convert(monitor, "Attention rollout", layers + 1);
        float[][][] attention = new float[layers][][];
        for (int l = 0; l < layers; l++) {
            attention[l] = trace.meanAttention(l);
            progress.split(1);
        }
        double[] relevance = AttentionRollout.lastRow(attention, residual, startLayer);
        progress.split(1);
        double[] image = trace.imageSpan().map(span -> imagePart(relevance, span)).orElse(null);
        return MethodOutput.ofImage(image).withArrays(Map.of("relevance", ScoreVector.overPositions(relevance)));
    }

    private static double[] imagePart(double[] relevance, ImageSpan span) {
        double[] image = new double[span.patchCount()];
        for (int k = 0; k < image.length; k++) {
            image[k] = relevance[span.patchPosition(k)];
        }
        return image;
    }
}
