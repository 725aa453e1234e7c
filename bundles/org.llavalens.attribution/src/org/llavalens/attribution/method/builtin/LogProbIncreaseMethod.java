package org.llavalens.attribution.method.builtin;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.llavalens.attribution.HeadAggregation;
import org.llavalens.attribution.HeadId;
import org.llavalens.attribution.ImageMap;
import org.llavalens.attribution.LogProbIncrease;
import org.llavalens.attribution.ScoreNormalization;
import org.llavalens.attribution.ScoreVector;
import org.llavalens.attribution.method.DeclaredMethod;
import org.llavalens.attribution.method.MethodContext;
import org.llavalens.attribution.method.MethodIds;
import org.llavalens.attribution.method.MethodOutput;
import org.llavalens.attribution.method.MethodParameter;
import org.llavalens.attribution.method.Produces;
import org.llavalens.runtime.trace.CaptureSpec;
import org.llavalens.runtime.trace.ImageSpan;

/**
 * The paper's method: head scores for all heads, position scores for the aggregated heads, the
 * image map summed over them, and layer attention / MLP scores, from one trace.
 */
public final class LogProbIncreaseMethod extends DeclaredMethod {

    public static final String ID = MethodIds.LOG_PROB_INCREASE;
    public static final String HEADS = MethodIds.HEADS;
    public static final String NORMALIZATION = "normalization";
    public static final String EXTRA_HEADS = "positionHeads";
    /** Further heads (a head choice: layer_head list, topK:N) whose position scores are kept; none by default. */
    public static final MethodParameter<Optional<HeadAggregation>> EXTRA_HEADS_PARAMETER = MethodParameter.of(
            EXTRA_HEADS, text -> text.isBlank() ? Optional.empty() : Optional.of(HeadAggregation.parse(text)),
            heads -> heads.map(HeadAggregation::toString).orElse(""), Optional.empty(),
            "further heads whose position scores are kept (layer_head,... or topK:N)");

    /** The image map's heads and the normalisation are the context's shared choices, not parameters. */
    public LogProbIncreaseMethod() {
        super(ID, "Log-probability increase", Produces.HEADS_AND_POSITIONS, CaptureSpec.ATTRIBUTION,
                List.of(EXTRA_HEADS_PARAMETER));
    }

    @Override
    public MethodOutput compute(MethodContext context, IProgressMonitor monitor) {
        SubMonitor sub = SubMonitor.convert(monitor, label(), 10);
        HeadAggregation aggregation = context.heads();
        ScoreNormalization normalization = context.normalization();
        Optional<HeadAggregation> extra = context.value(EXTRA_HEADS_PARAMETER);
        LogProbIncrease engine = new LogProbIncrease(context.trace(), context.unembedding(), context.target().id());
        LogProbIncrease.HeadAndLayerScores hl = engine.headAndLayerScores();
        sub.worked(3);
        List<HeadId> chosen = aggregation.select(hl.heads());
        LinkedHashSet<HeadId> wanted = new LinkedHashSet<>(chosen);
        extra.ifPresent(more -> wanted.addAll(more.select(hl.heads())));
        Map<HeadId, double[]> positions = engine.positionScores(List.copyOf(wanted), sub.split(7));
        Map<HeadId, ScoreVector> positionVectors = new LinkedHashMap<>();
        positions.forEach((id, s) -> positionVectors.put(id, ScoreVector.overPositions(s)));
        Optional<ImageSpan> span = context.trace().imageSpan();
        double[] image = span.map(s -> ImageMap.aggregate(positions, chosen, s, aggregation.toString()).raw())
                .orElse(null);
        Map<String, ScoreVector> arrays = new LinkedHashMap<>();
        arrays.put("layer_attn_scores", ScoreVector.overLayers(hl.layers().attention()));
        arrays.put("layer_mlp_scores", ScoreVector.overLayers(hl.layers().mlp()));
        arrays.put("reference_logprob", ScoreVector.overLayers(engine.referenceLogProbs()));
        Map<String, String> used = new LinkedHashMap<>();
        used.put(HEADS, aggregation.toString());
        used.put(MethodIds.HEADS_USED, String.join(",", chosen.stream().map(HeadId::toString).toList()));
        used.put(NORMALIZATION, normalization.id());
        used.put("eps", Double.toString(context.unembedding().eps()));
        used.put("meanSquare", Double.toString(context.unembedding().meanSquare()));
        return MethodOutput.ofHeads(hl.heads()).withImage(image).withPositions(positionVectors).withArrays(arrays)
                .withSettings(used);
    }
}
