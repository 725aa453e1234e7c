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
     * @param target    null/blank for the argmax, else an id or a word
     * @param heads     image-map head aggregation ({@code top1}, {@code topK:N}, {@code L_H,...})
     * @param topTokens k of the token tables
     * @param similarity how the embedding-space tables score a patch against the vocabulary
     * @param positions positions that get token tables besides the last (the trace must hold every position)
     * @param mrrTokens tokens (words or ids, as a target) whose rank in every layer's logit lens at the last
     *                  position is tabled, with their mean reciprocal rank
     */
    public record Options(String target, HeadAggregation heads, List<String> methods, HeatmapStyle style, int topTokens,
            int tableHeads, Similarity similarity, Map<String, String> methodSettings,
            List<TablePosition> positions, List<String> mrrTokens) {

        public Options {
            positions = List.copyOf(positions);
            mrrTokens = List.copyOf(mrrTokens);
        }

        /** Tables of the last position only. */
        public Options(String target, HeadAggregation heads, List<String> methods, HeatmapStyle style, int topTokens,
                int tableHeads, Similarity similarity, Map<String, String> methodSettings) {
            this(target, heads, methods, style, topTokens, tableHeads, similarity, methodSettings, List.of(), List.of());
        }

        public static Options defaults() {
            return new Options(null, HeadAggregation.TOP1, List.of(LogProbIncreaseMethod.ID, AverageAttentionMethod.ID),
                    HeatmapStyle.DEFAULT, 5, 5, Similarity.DOT, Map.of());
        }

        /** How the tables were read, recorded beside the display settings. */
        TableSettings tableSettings(List<TablePosition.Resolved> resolved, List<TargetToken> tracked,
                Map<String, List<TokenRow>> tables) {
            Map<Integer, Double> mrr = new LinkedHashMap<>();
            for (TargetToken t : tracked) {
                mrr.put(t.id(), TokenTables.meanReciprocalRank(tables.get(TokenTables.rankTable(t.id()))));
            }
            return new TableSettings(similarity, resolved.isEmpty() ? null
                    : String.join(",", resolved.stream().map(TablePosition.Resolved::toString).toList()), mrr);
        }
    }

    /** What the user typed and saw, which the trace does not know. */
    public record CaseInput(String prompt, String imageHash, CropGeometry crop) {
    }

    private CaseAnalysis() {
    }

    /**
     * @throws TablePosition.OutOfSequence if a table position is not in the trace's sequence (checked
     *         before any method runs)
     */
    public static AttributionRecord run(ForwardTrace trace, ImageAblation ablation, TargetSelector selector,
            CaseInput input, Options options, MethodRegistry registry, IProgressMonitor monitor) {
        SubMonitor sub = SubMonitor.convert(monitor, "Attribution", 10);
        List<TablePosition.Resolved> positions = TablePosition.resolveAll(options.positions(), trace.sequenceLength(),
                trace.imageSpan());
        TargetToken target = selector.select(trace, options.target());
        List<TargetToken> tracked = new ArrayList<>();
        for (String word : options.mrrTokens()) {
            try {
                tracked.add(selector.select(trace, word));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("MRR " + e.getMessage(), e);
            }
        }
        Map<String, String> settings = new LinkedHashMap<>(options.methodSettings());
        settings.put(LogProbIncreaseMethod.HEADS, options.heads().toString());
        settings.put(LogProbIncreaseMethod.NORMALIZATION, options.style().normalization().id());
        MethodContext context = new MethodContext(trace, target, settings, ablation);
        List<MethodResult> results = new MethodRunner(registry).run(options.methods(), context, sub.split(8));
        List<HeadId> tableHeads = results.stream().filter(r -> r.headScores() != null && !r.failed()).findFirst()
                .flatMap(MethodResult::heads).map(h -> h.top(options.tableHeads())).orElse(List.of());
        sub.subTask("Token tables");
        Map<String, List<TokenRow>> tables = TokenTables.compute(trace, context.unembedding(), tableHeads,
                options.topTokens(), options.similarity(), positions, tracked, selector::text);
        sub.worked(2);
        return RecordBuilder.build(trace, RecordBuilder.provenance(trace, input.prompt(), input.imageHash(), input.crop()),
                target, new DisplaySettings(options.style(), options.heads(), options.tableSettings(positions, tracked, tables)),
                context.unembedding(), results, tables);
    }
}
