package org.llavalens.attribution.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.llavalens.attribution.HeadAggregation;
import org.llavalens.attribution.HeadId;
import org.llavalens.attribution.Similarity;
import org.llavalens.attribution.TargetSelector;
import org.llavalens.attribution.TargetToken;
import org.llavalens.attribution.method.MethodContext;
import org.llavalens.attribution.method.MethodRegistry;
import org.llavalens.attribution.method.MethodRunner;
import org.llavalens.attribution.method.builtin.AverageAttentionMethod;
import org.llavalens.attribution.method.builtin.LogProbIncreaseMethod;
import org.llavalens.attribution.render.HeatmapStyle;
import org.llavalens.attribution.result.AttributionRecord;
import org.llavalens.attribution.result.DisplaySettings;
import org.llavalens.attribution.result.DisplaySettings.TableSettings;
import org.llavalens.attribution.result.MethodResult;
import org.llavalens.attribution.result.RecordBuilder;
import org.llavalens.attribution.result.TokenRow;
import org.llavalens.runtime.image.CropGeometry;
import org.llavalens.runtime.trace.ForwardTrace;
import org.llavalens.runtime.trace.ImageAblation;

/**
 * One case from trace to record: pick the target, run the chosen methods (isolated from each
 * other), read the token tables, and assemble the self-describing record. What the CLI's
 * {@code analyze} and the workbench both call.
 */
public final class CaseAnalysis {

    /**
     * What the user typed and saw, which the trace does not know.
     *
     * @param target null/blank for the argmax, else an id or a word
     */
    public record CaseInput(String prompt, String imageHash, CropGeometry crop, String target) {

        /** The argmax is explained. */
        public CaseInput(String prompt, String imageHash, CropGeometry crop) {
            this(prompt, imageHash, crop, null);
        }
    }

    private CaseAnalysis() {
    }

    /**
     * @throws TablePosition.OutOfSequence if a table position is not in the trace's sequence (checked
     *         before any method runs)
     */
    public static AttributionRecord run(ForwardTrace trace, ImageAblation ablation, TargetSelector selector,
            CaseInput input, AttributionSettings settings, MethodRegistry registry, IProgressMonitor monitor) {
        SubMonitor sub = SubMonitor.convert(monitor, "Attribution", 10);
        TokenTableChoices choices = settings.tables();
        List<TablePosition.Resolved> positions = TablePosition.resolveAll(choices.positions(), trace.sequenceLength(),
                trace.imageSpan());
        TargetToken target = selector.select(trace, input.target());
        List<TargetToken> tracked = new ArrayList<>();
        for (String word : choices.mrrTokens()) {
            try {
                tracked.add(selector.select(trace, word));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("MRR " + e.getMessage(), e);
            }
        }
        MethodContext context = new MethodContext(trace, target, settings.methodChoices(), ablation);
        List<MethodResult> results = new MethodRunner(registry).run(settings.methods().ids(), context, sub.split(8));
        List<HeadId> tableHeads = results.stream().filter(r -> r.headScores() != null && !r.failed()).findFirst()
                .flatMap(MethodResult::heads).map(h -> h.top(choices.tableHeads())).orElse(List.of());
        sub.subTask("Token tables");
        Map<String, List<TokenRow>> tables = TokenTables.compute(trace, context.unembedding(), tableHeads,
                TokenTableChoices.TOP_TOKENS, choices.similarity(), positions, tracked, selector::text);
        sub.worked(2);
        return RecordBuilder.build(trace, RecordBuilder.provenance(trace, input.prompt(), input.imageHash(), input.crop()),
                target, new DisplaySettings(settings.style(), settings.heads(),
                        tableSettings(choices, positions, tracked, tables)),
                context.unembedding(), results, tables);
    }

    /** How the tables were read, recorded beside the display settings. */
    private static TableSettings tableSettings(TokenTableChoices choices, List<TablePosition.Resolved> resolved,
            List<TargetToken> tracked, Map<String, List<TokenRow>> tables) {
        Map<Integer, Double> mrr = new LinkedHashMap<>();
        for (TargetToken t : tracked) {
            mrr.put(t.id(), TokenTables.meanReciprocalRank(tables.get(TokenTables.rankTable(t.id()))));
        }
        return new TableSettings(choices.similarity(), resolved.isEmpty() ? null
                : String.join(",", resolved.stream().map(TablePosition.Resolved::toString).toList()), mrr);
    }
}
