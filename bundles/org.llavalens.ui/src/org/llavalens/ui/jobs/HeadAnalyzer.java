package org.llavalens.ui.jobs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;
import org.llavalens.annotation.AnnotationProject;
import org.llavalens.annotation.CaseSnapshot;
import org.llavalens.attribution.AggregatedHeadMap;
import org.llavalens.attribution.FrozenNormUnembedding;
import org.llavalens.attribution.HeadAggregation;
import org.llavalens.attribution.HeadId;
import org.llavalens.attribution.HeadScores;
import org.llavalens.attribution.LogProbIncrease;
import org.llavalens.attribution.TargetSelector;
import org.llavalens.attribution.TargetToken;
import org.llavalens.attribution.projection.EmbeddingProjection;
import org.llavalens.attribution.projection.LogitLens;
import org.llavalens.attribution.projection.StreamVectors;
import org.llavalens.attribution.projection.TokenScore;
import org.llavalens.attribution.projection.TopK;
import org.llavalens.attribution.report.TargetHeads;
import org.llavalens.attribution.report.TokenTables;
import org.llavalens.attribution.result.TokenRow;
import org.llavalens.runtime.model.LoadedModel;
import org.llavalens.runtime.model.PreparedInput;
import org.llavalens.runtime.text.PromptBuilder;
import org.llavalens.runtime.trace.CaptureSpec;
import org.llavalens.runtime.trace.ForwardTrace;
import org.llavalens.runtime.trace.ImageSpan;
import org.llavalens.ui.session.CaseResult;
import org.llavalens.ui.session.CompareResult;
import org.llavalens.ui.session.CompareTarget;
import org.llavalens.ui.session.EmbeddingTable;
import org.llavalens.ui.session.HeadMaps;
import org.llavalens.ui.session.ModelCache;
import org.llavalens.ui.session.NextTokens;
import org.llavalens.ui.session.PatchDetails;
import org.llavalens.ui.session.PositionDetails;

/**
 * The follow-up questions about an analysed case, each a core API over a trace: a head's position
 * map, the image map of another head aggregation, the token tables of a patch, and the comparison
 * of the question asked three ways. Runs inside jobs only; nothing here is drawn.
 */
public final class HeadAnalyzer {

    private static final int TOP_TOKENS = 5;

    private final CaseAnalyzer cases;
    private final ModelCache models;
    private final AnalysisSettings settings;

    public HeadAnalyzer(AnnotationProject project, ModelCache models, AnalysisSettings settings) {
        this.cases = new CaseAnalyzer(project, models, settings);
        this.models = models;
        this.settings = settings;
    }

    private PreparedInput visualInput(LoadedModel llava, CaseSnapshot c) throws IOException {
        return llava.prepare(llava.preprocess(cases.image(c), false),
                llava.encode(PromptBuilder.llava(c.question(), c.answerPrefix())));
    }

    /**
     * A trace for the case with what {@code needs} asks beyond the attribution's capture; reuses
     * {@code r}'s when it has it, else runs the model keeping also what {@code r}'s trace had.
     */
    public ForwardTrace trace(CaseSnapshot c, CaseResult r, CaptureSpec needs, IProgressMonitor monitor) throws IOException {
        ForwardTrace t = r.trace();
        boolean positions = t != null && hasAllPositions(t);
        boolean logits = t != null && hasAllLogits(t);
        if (t != null && (!needs.allPositions() || positions) && (!needs.allLogits() || logits)) {
            return t;
        }
        CaptureSpec spec = CaptureSpec.ATTRIBUTION.union(needs).union(positions ? CaptureSpec.FULL : CaptureSpec.MINIMAL);
        LoadedModel llava = models.get(settings.llava(), "LLaVA");
        return llava.forward(visualInput(llava, c), logits ? spec.withAllLogits() : spec, monitor);
    }

    /** Whether the trace kept the logits at every position (a workbench pass keeps them only when asked). */
    public static boolean hasAllLogits(ForwardTrace t) {
        try {
            t.logitsAt(0);
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    private static boolean hasAllPositions(ForwardTrace t) {
        try {
            t.residual(0, 0);
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /**
     * The image map of {@code aggregation} for the result's target, the heads ranked by their scores
     * on this trace; maps already in {@code maps} are not computed again.
     */
    public static AggregatedHeadMap aggregatedMap(CaseResult r, HeadMaps maps, ForwardTrace trace,
            HeadAggregation aggregation, IProgressMonitor monitor) {
        if (r.headMethod().isEmpty()) {
            throw new IllegalStateException("the result of case " + r.caseId() + " has no head scores to aggregate");
        }
        ImageSpan span = trace.imageSpan().orElseThrow(() -> new IllegalStateException(
                "case " + r.caseId() + " has no image, so it has no image map"));
        LogProbIncrease engine = maps.engine(trace);
        return AggregatedHeadMap.compute(engine, maps.scores(), aggregation, span, maps.known(), monitor);
    }

    /** Token tables of one patch (and head), read from a trace with every position captured. */
    public PatchDetails patchDetails(ForwardTrace trace, int patch, HeadId head, IProgressMonitor monitor) {
        SubMonitor sub = SubMonitor.convert(monitor, "Tokens of patch " + patch, 4);
        ImageSpan span = trace.imageSpan().orElseThrow(() -> new IllegalArgumentException("this case has no image"));
        int j = span.patchPosition(patch);
        TargetSelector selector = CaseAnalyzer.selector(models.get(settings.llava(), "LLaVA"));
        LogitLens lens = new LogitLens(FrozenNormUnembedding.of(trace));
        int layers = trace.model().numLayers();
        Map<String, List<TokenRow>> tables = new LinkedHashMap<>();
        float[][] xs = new float[layers + 1][];
        float[][] att = new float[layers + 1][];
        float[][] mlp = new float[layers + 1][];
        List<String> names = new ArrayList<>();
        for (int l = 0; l <= layers; l++) {
            xs[l] = StreamVectors.residual(trace, l, j);
            att[l] = StreamVectors.attentionWritten(trace, l, j);
            mlp[l] = StreamVectors.mlpWritten(trace, l, j);
            names.add("layer " + l);
        }
        sub.worked(1);
        tables.put("Layer input x^l_j", rows(names, lens.topK(xs, TOP_TOKENS), selector));
        tables.put("Attention-written", rows(names, lens.topK(att, TOP_TOKENS), selector));
        tables.put("MLP-written", rows(names, lens.topK(mlp, TOP_TOKENS), selector));
        sub.worked(2);
        if (head != null) {
            float[] c = StreamVectors.headContribution(trace, head.layer(), head.head(), j);
            tables.put("Head " + head + " value-output c_j",
                    rows(List.of("c^(" + head.layer() + "," + head.head() + ")_" + j),
                            List.of(lens.topK(c, TOP_TOKENS)), selector));
        }
        trace.imageFeatures().ifPresent(f -> tables.put("Embedding space (visual embedding)",
                rows(List.of("patch " + patch), new EmbeddingProjection(trace.embedding())
                        .topK(new float[][] { f[patch] }, TOP_TOKENS, EmbeddingProjection.Similarity.DOT), selector)));
        sub.worked(1);
        return new PatchDetails(patch, head == null ? null : head.toString(), tables);
    }

    /** The token tables of sequence position {@code j}, read from a trace with every position captured. */
    public PositionDetails positionDetails(CaseResult r, ForwardTrace trace, int j) {
        TargetSelector selector = CaseAnalyzer.selector(models.get(settings.llava(), "LLaVA"));
        return new PositionDetails(j, positionLabel(r, trace, j),
                TokenTables.position(trace, FrozenNormUnembedding.of(trace), j, TOP_TOKENS, selector::text));
    }

    /** {@code position 579 (text: 'color')}, or {@code position 40 (patch 35)} in the image. */
    static String positionLabel(CaseResult r, ForwardTrace trace, int j) {
        ImageSpan span = trace.imageSpan().orElse(null);
        if (span != null && span.contains(j)) {
            return "position " + j + (j < span.firstPatch() ? " (image CLS)" : " (patch " + (j - span.firstPatch()) + ")");
        }
        String token = r.token(j).replace("\n", "\\n").replace("\t", "\\t");
        return "position " + j + " (text: '" + token + "')";
    }

    /** The top next-token prediction at every position j (argmax of its logits; the last is the answer). */
    public NextTokens nextTokens(CaseResult r, ForwardTrace trace) {
        TargetSelector selector = CaseAnalyzer.selector(models.get(settings.llava(), "LLaVA"));
        int[] ids = new int[trace.sequenceLength()];
        for (int j = 0; j < ids.length; j++) {
            ids[j] = TopK.of(trace.logitsAt(j), 1).get(0).id();
        }
        return new NextTokens(r.main(), ids, selector::text);
    }

    /** The embedding-space table of every patch by {@code similarity}, as the analysis computes its own. */
    public EmbeddingTable embedding(CaseResult r, ForwardTrace trace, EmbeddingProjection.Similarity similarity) {
        TargetSelector selector = CaseAnalyzer.selector(models.get(settings.llava(), "LLaVA"));
        return new EmbeddingTable(r.main(), similarity, TokenTables.embedding(trace, TOP_TOKENS, similarity, selector::text));
    }

    private static List<TokenRow> rows(List<String> names, List<List<TokenScore>> tops, TargetSelector selector) {
        List<TokenRow> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            List<TokenScore> top = tops.get(i);
            for (int r = 0; r < top.size(); r++) {
                out.add(new TokenRow(names.get(i), r + 1, top.get(r).id(), selector.text(top.get(r).id()),
                        top.get(r).score()));
            }
        }
        return out;
    }

    /** The scene as text, for the text-only questions; null when the case has none. */
    public static String context(CaseSnapshot c) {
        return c.attribute(CaseAnalyzer.CONTEXT);
    }

    /**
     * Vicuna text QA, LLaVA text QA and LLaVA visual QA head scores of one case, each for the token
     * {@code target} names, and their top-10 overlaps. The visual pass runs first: its answer may be
     * the others' target.
     *
     * @throws IllegalArgumentException if the case cannot be asked as text, or the shared target is
     *                                  not one token of a model's vocabulary
     */
    public CompareResult compare(ComparedCase compared, CompareTarget target, IProgressMonitor monitor)
            throws IOException {
        CaseSnapshot c = compared.snapshot();
        String context = context(c);
        if (context == null || context.isBlank()) {
            throw new IllegalArgumentException("case " + c.id() + " has no text description of its scene (attribute '"
                    + CaseAnalyzer.CONTEXT + "'), so it cannot be asked as text QA");
        }
        SubMonitor sub = SubMonitor.convert(monitor, "Comparing " + c.id(), 90);
        LoadedModel llava = models.get(settings.llava(), "LLaVA");
        ForwardTrace visual = llava.forward(visualInput(llava, c), CaptureSpec.ATTRIBUTION, sub.split(30));
        String word = sharedWord(compared, target, CaseAnalyzer.selector(llava).argmax(visual));
        String textPrompt = PromptBuilder.vicuna(context, c.question(), c.answerPrefix());
        LoadedModel vicuna = models.get(settings.vicuna(), "Vicuna");
        CompareResult.Panel v = panel("Vicuna, text QA", vicuna,
                vicuna.forward(vicuna.prepare(vicuna.encode(textPrompt)), CaptureSpec.ATTRIBUTION, sub.split(30)), word, c);
        CompareResult.Panel lt = panel("LLaVA, text QA", llava,
                llava.forward(llava.prepare(llava.encode(textPrompt)), CaptureSpec.ATTRIBUTION, sub.split(30)), word, c);
        CompareResult.Panel lv = panel("LLaVA, visual QA", llava, visual, word, c);
        return new CompareResult(c.id(), target, List.of(v, lt, lv), overlap(v, lt), overlap(v, lv), overlap(lt, lv));
    }

    /** The word every panel explains, or null for each model's own answer. */
    private static String sharedWord(ComparedCase c, CompareTarget target, TargetToken visualAnswer) {
        return switch (target) {
            case OWN -> null;
            // the token's own text (e.g. "\u2581brown"), so each vocabulary finds exactly that token
            case LLAVA_VISUAL -> visualAnswer.text();
            case EXPECTED -> {
                String e = c.expectedAnswer();
                if (e == null || e.isBlank()) {
                    throw new IllegalArgumentException("case " + c.snapshot().id()
                            + " has no expected answer: choose another target to explain");
                }
                yield e.strip();
            }
        };
    }

    private static CompareResult.Panel panel(String name, LoadedModel model, ForwardTrace trace, String word,
            CaseSnapshot c) {
        TargetHeads t;
        try {
            t = TargetHeads.of(trace, CaseAnalyzer.selector(model), word);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + word + "' (the target of case " + c.id()
                    + ") is not a single token of the vocabulary of " + name.substring(0, name.indexOf(','))
                    + ", so its head map cannot be computed: choose another target to explain", e);
        }
        return new CompareResult.Panel(name, t.answer().text(), t.heads().raw(), t.heads().top(10), t.explained().text(),
                t.explained().id(), t.standing().rank(), t.standing().probability());
    }

    /**
     * The comparison aggregated over cases: each way's head scores averaged over the cases (the
     * paper's figure is such an average), its top 10 taken from the average; the explained token's
     * rank and probability averaged too.
     */
    public CompareResult compareAll(String name, List<ComparedCase> all, CompareTarget target, IProgressMonitor monitor)
            throws IOException {
        if (all.isEmpty()) {
            throw new IllegalArgumentException("no cases to compare");
        }
        SubMonitor sub = SubMonitor.convert(monitor, "Comparing " + all.size() + " cases", all.size());
        List<CompareResult> each = new ArrayList<>();
        for (ComparedCase c : all) {
            if (sub.isCanceled()) {
                throw new OperationCanceledException();
            }
            each.add(compare(c, target, sub.split(1)));
        }
        List<CompareResult.Panel> panels = new ArrayList<>();
        String mean = String.format(Locale.ROOT, "mean of %d cases", all.size());
        for (int i = 0; i < 3; i++) {
            int way = i;
            List<CompareResult.Panel> ways = each.stream().map(r -> r.panels().get(way)).toList();
            double[][] scores = TargetHeads.mean(ways.stream().map(CompareResult.Panel::headScores).toList());
            panels.add(new CompareResult.Panel(ways.get(0).name(), mean, scores, new HeadScores(scores).top(10),
                    target.label() + " of each case", -1,
                    ways.stream().mapToDouble(CompareResult.Panel::explainedRank).average().orElseThrow(),
                    ways.stream().mapToDouble(CompareResult.Panel::explainedProbability).average().orElseThrow()));
        }
        return new CompareResult(name, target, panels, overlap(panels.get(0), panels.get(1)),
                overlap(panels.get(0), panels.get(2)), overlap(panels.get(1), panels.get(2)));
    }

    static int overlap(CompareResult.Panel a, CompareResult.Panel b) {
        return TargetHeads.overlap(a.top10(), b.top10());
    }
}
