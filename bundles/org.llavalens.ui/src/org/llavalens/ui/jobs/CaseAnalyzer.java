package org.llavalens.ui.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.llavalens.analysis.AnalyzerSettings;
import org.llavalens.analysis.CaseAnalyzer.Analysed;
import org.llavalens.analysis.CaseAnalyzer.Question;
import org.llavalens.analysis.Words;
import org.llavalens.annotation.AnnotationProject;
import org.llavalens.annotation.CaseSnapshot;
import org.llavalens.annotation.ResultAttachments;
import org.llavalens.annotation.model.Attribute;
import org.llavalens.annotation.model.Case;
import org.llavalens.attribution.FrozenNormUnembedding;
import org.llavalens.attribution.HeadAggregation;
import org.llavalens.attribution.HeadId;
import org.llavalens.attribution.HeadScores;
import org.llavalens.attribution.LogProbIncrease;
import org.llavalens.attribution.ScoreNormalization;
import org.llavalens.attribution.TargetSelector;
import org.llavalens.attribution.method.MethodRegistry;
import org.llavalens.attribution.method.builtin.AverageAttentionMethod;
import org.llavalens.attribution.method.builtin.CausalAblationMethod;
import org.llavalens.attribution.method.builtin.LogProbIncreaseMethod;
import org.llavalens.attribution.projection.EmbeddingProjection;
import org.llavalens.attribution.projection.LogitLens;
import org.llavalens.attribution.projection.StreamVectors;
import org.llavalens.attribution.projection.TokenScore;
import org.llavalens.attribution.render.Colormap;
import org.llavalens.attribution.render.HeatmapStyle;
import org.llavalens.attribution.result.AttributionRecord;
import org.llavalens.attribution.result.ResultJson;
import org.llavalens.attribution.result.TokenRow;
import org.llavalens.runtime.image.PreprocessedImage;
import org.llavalens.runtime.model.LoadedModel;
import org.llavalens.runtime.model.PreparedInput;
import org.llavalens.runtime.text.PromptBuilder;
import org.llavalens.runtime.text.Tokenizer;
import org.llavalens.runtime.trace.CaptureSpec;
import org.llavalens.runtime.trace.ForwardTrace;
import org.llavalens.runtime.trace.ImageSpan;
import org.llavalens.ui.session.CaseResult;
import org.llavalens.ui.session.CompareResult;
import org.llavalens.ui.session.ModelCache;
import org.llavalens.ui.session.PatchDetails;

/**
 * The workbench's calls into the core bundles, in the order a case needs them: load (cached), the
 * analysis bundle's one case-analysis path, save into the project. Runs inside jobs only, on
 * {@link CaseSnapshot}s taken where the model may be read; every step is a core API and takes the
 * job's monitor. Nothing here is drawn.
 */
public final class CaseAnalyzer {

    /** Case attribute holding the scene as text, the context of the text-only questions. */
    public static final String CONTEXT = "context";
    private static final int TOP_TOKENS = 5;

    private final AnnotationProject project;
    private final ModelCache models;
    private final AnalysisSettings settings;

    public CaseAnalyzer(AnnotationProject project, ModelCache models, AnalysisSettings settings) {
        this.project = project;
        this.models = models;
        this.settings = settings;
    }

    public static String prompt(Case c) {
        return PromptBuilder.llava(c.getQuestion(), c.getAnswerPrefix());
    }

    public Path image(Case c) throws IOException {
        Path image = project.paths().resolve(c.getImage());
        if (!Files.isRegularFile(image)) {
            throw new IOException("the image of case " + c.getId() + " is missing: " + image);
        }
        return image;
    }

    private record Prepared(LoadedModel model, PreparedInput input, PreprocessedImage image) {
    }

    private Prepared prepare(Case c) throws IOException {
        LoadedModel model = models.get(settings.llava(), "LLaVA");
        PreprocessedImage pre = model.preprocess(image(c), false);
        return new Prepared(model, model.prepare(pre, model.encode(prompt(c))), pre);
    }

    private Path image(CaseSnapshot s) throws IOException {
        Path image = project.paths().resolve(s.image());
        if (!Files.isRegularFile(image)) {
            throw new IOException("the image of case " + s.id() + " is missing: " + image);
        }
        return image;
    }

    /**
     * The main analysis of a case (the analysis bundle's {@link org.llavalens.analysis.CaseAnalyzer}
     * with the workbench's methods and display settings), saved in the project; its trace stays in
     * the result for the head maps drawn from it later.
     */
    public CaseResult analyze(CaseSnapshot s, IProgressMonitor monitor) throws IOException {
        SubMonitor sub = SubMonitor.convert(monitor, "Analysing " + s.id(), 100);
        sub.subTask("Loading the model");
        LoadedModel model = models.get(settings.llava(), "LLaVA");
        sub.worked(10);
        List<String> methods = new ArrayList<>(List.of(LogProbIncreaseMethod.ID, AverageAttentionMethod.ID));
        String preferred = settings.method();
        if (preferred != null && !preferred.isBlank() && !methods.contains(preferred)
                && !CausalAblationMethod.ID.equals(preferred)) {
            methods.add(preferred);
        }
        Analysed a = analyzer(model, methods, CaptureSpec.ATTRIBUTION).analyse(question(s), sub.split(85));
        save(s, a.record(), sub.split(5));
        return new CaseResult(s.id(), image(s), List.of(a.record()), a.trace(),
                tokens(model.tokenizer().orElse(null), a.trace().inputIds()));
    }

    /** The causal baseline (one rerun per patch): slow by nature, so only on request. */
    public AttributionRecord ablate(CaseSnapshot s, IProgressMonitor monitor) throws IOException {
        SubMonitor sub = SubMonitor.convert(monitor, "Causal ablation of " + s.id(), 100);
        LoadedModel model = models.get(settings.llava(), "LLaVA");
        AttributionRecord record = analyzer(model, List.of(CausalAblationMethod.ID), CaptureSpec.MINIMAL)
                .analyse(question(s), sub.split(95)).record();
        save(s, record, sub.split(5));
        return record;
    }

    private org.llavalens.analysis.CaseAnalyzer analyzer(LoadedModel model, List<String> methods, CaptureSpec base) {
        HeatmapStyle style = new HeatmapStyle(Colormap.parse(settings.colormap()),
                ScoreNormalization.parse(settings.normalization()), 0.6, false);
        return new org.llavalens.analysis.CaseAnalyzer(model, MethodRegistry.fromPlatform(), new AnalyzerSettings(methods,
                HeadAggregation.parse(settings.heads()), style, 10, 0, false, Map.of(), base));
    }

    private Question question(CaseSnapshot s) throws IOException {
        return new Question(image(s), s.imageSha256() == null ? null : "sha256:" + s.imageSha256(), null, s.question(),
                s.answerPrefix(), s.targetToken());
    }

    static TargetSelector selector(LoadedModel model) {
        return Words.selector(model);
    }

    private void save(CaseSnapshot s, AttributionRecord record, IProgressMonitor monitor) throws IOException {
        Path tmp = Files.createTempFile("llavalens-result", ".json");
        try {
            ResultJson.write(record, tmp);
            String method = record.methods().isEmpty() ? null : record.methods().get(0).methodId();
            Case c = project.findCase(s.id());
            if (c == null) {
                throw new IOException("case " + s.id() + " is no longer in the project");
            }
            ResultAttachments.attach(project, c, tmp, List.of(), method);
        } finally {
            Files.deleteIfExists(tmp);
            monitor.done();
        }
    }

    /** The results saved with the case (oldest first), so reopening shows them without the model. */
    public CaseResult load(CaseSnapshot s) throws IOException {
        List<AttributionRecord> records = new ArrayList<>();
        for (String path : s.resultPaths()) {
            records.add(ResultJson.read(project.paths().resolve(path)));
        }
        if (records.isEmpty()) {
            return null;
        }
        // the main record is the latest one with head scores; extra runs (ablation) follow it
        int main = -1;
        for (int i = records.size() - 1; i >= 0 && main < 0; i--) {
            if (records.get(i).methods().stream().anyMatch(m -> m.headScores() != null)) {
                main = i;
            }
        }
        List<AttributionRecord> ordered = new ArrayList<>();
        if (main >= 0) {
            ordered.add(records.get(main));
        }
        for (int i = 0; i < records.size(); i++) {
            if (i != main) {
                ordered.add(records.get(i));
            }
        }
        int[] ids = ordered.get(0).provenance().inputIds();
        List<String> tokens = List.of();
        if (ids != null && Files.isRegularFile(settings.llava().resolve(Tokenizer.FILE))) {
            try (Tokenizer t = Tokenizer.load(settings.llava())) {
                tokens = tokens(t, ids);
            } catch (RuntimeException e) {
                // a model folder that moved or changed: positions are then shown by id
                tokens = List.of();
            }
        }
        return new CaseResult(s.id(), image(s), ordered, null, tokens);
    }

    static List<String> tokens(Tokenizer t, int[] ids) {
        List<String> out = new ArrayList<>(ids.length);
        for (int id : ids) {
            out.add(t == null ? "#" + id : t.idToToken(id));
        }
        return out;
    }

    /** A trace for the case, captured as {@code spec} asks; reuses {@code r}'s when it has one. */
    public ForwardTrace trace(Case c, CaseResult r, boolean allPositions, IProgressMonitor monitor) throws IOException {
        ForwardTrace t = r.trace();
        if (t != null && (!allPositions || hasAllPositions(t))) {
            return t;
        }
        Prepared p = prepare(c);
        return p.model().forward(p.input(), allPositions ? CaptureSpec.FULL : CaptureSpec.ATTRIBUTION, monitor);
    }

    private static boolean hasAllPositions(ForwardTrace t) {
        try {
            t.residual(0, 0);
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /** S^(l,h)_j over every position for one head. */
    public static double[] headPositions(ForwardTrace trace, int target, HeadId head) {
        return new LogProbIncrease(trace, FrozenNormUnembedding.of(trace), target).positionScores(head);
    }

    /** Token tables of one patch (and head), read from a trace with every position captured. */
    public PatchDetails patchDetails(ForwardTrace trace, int patch, HeadId head, IProgressMonitor monitor) {
        SubMonitor sub = SubMonitor.convert(monitor, "Tokens of patch " + patch, 4);
        ImageSpan span = trace.imageSpan().orElseThrow(() -> new IllegalArgumentException("this case has no image"));
        int j = span.patchPosition(patch);
        LoadedModel model = models.get(settings.llava(), "LLaVA");
        TargetSelector selector = selector(model);
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
    public static String context(Case c) {
        for (Attribute a : c.getAttributes()) {
            if (CONTEXT.equals(a.getKey())) {
                return a.getValue();
            }
        }
        return null;
    }

    /** Vicuna text QA, LLaVA text QA and LLaVA visual QA head scores of one case, and their top-10 overlaps. */
    public CompareResult compare(Case c, IProgressMonitor monitor) throws IOException {
        String context = context(c);
        if (context == null || context.isBlank()) {
            throw new IllegalArgumentException("case " + c.getId() + " has no text description of its scene (attribute '"
                    + CONTEXT + "'), so it cannot be asked as text QA");
        }
        SubMonitor sub = SubMonitor.convert(monitor, "Comparing " + c.getId(), 90);
        String textPrompt = PromptBuilder.vicuna(context, c.getQuestion(), c.getAnswerPrefix());
        LoadedModel vicuna = models.get(settings.vicuna(), "Vicuna");
        CompareResult.Panel v = panel("Vicuna, text QA", vicuna, vicuna.prepare(vicuna.encode(textPrompt)), sub.split(30));
        LoadedModel llava = models.get(settings.llava(), "LLaVA");
        CompareResult.Panel lt = panel("LLaVA, text QA", llava, llava.prepare(llava.encode(textPrompt)), sub.split(30));
        Prepared p = prepare(c);
        CompareResult.Panel lv = panel("LLaVA, visual QA", p.model(), p.input(), sub.split(30));
        return new CompareResult(c.getId(), List.of(v, lt, lv), overlap(v, lt), overlap(v, lv), overlap(lt, lv));
    }

    /**
     * The comparison aggregated over cases: each way's head scores averaged over the cases (the
     * paper's figure is such an average), its top 10 taken from the average.
     */
    public CompareResult compareAll(String name, List<Case> cases, IProgressMonitor monitor) throws IOException {
        SubMonitor sub = SubMonitor.convert(monitor, "Comparing " + cases.size() + " cases", cases.size());
        double[][][] sums = null;
        List<String> names = List.of();
        for (Case c : cases) {
            CompareResult one = compare(c, sub.split(1));
            if (sums == null) {
                sums = new double[3][][];
                names = one.panels().stream().map(CompareResult.Panel::name).toList();
            }
            for (int i = 0; i < 3; i++) {
                double[][] s = one.panels().get(i).headScores();
                if (sums[i] == null) {
                    sums[i] = new double[s.length][s[0].length];
                }
                for (int l = 0; l < s.length; l++) {
                    for (int h = 0; h < s[l].length; h++) {
                        sums[i][l][h] += s[l][h] / cases.size();
                    }
                }
            }
        }
        if (sums == null) {
            throw new IllegalArgumentException("no cases to compare");
        }
        List<CompareResult.Panel> panels = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            panels.add(new CompareResult.Panel(names.get(i), "mean of " + cases.size() + " cases", sums[i],
                    new HeadScores(sums[i]).top(10)));
        }
        return new CompareResult(name, panels, overlap(panels.get(0), panels.get(1)), overlap(panels.get(0), panels.get(2)),
                overlap(panels.get(1), panels.get(2)));
    }

    private static CompareResult.Panel panel(String name, LoadedModel model, PreparedInput input, IProgressMonitor m) {
        ForwardTrace trace = model.forward(input, CaptureSpec.ATTRIBUTION, m);
        TargetSelector selector = selector(model);
        var target = selector.argmax(trace);
        HeadScores scores = new LogProbIncrease(trace, FrozenNormUnembedding.of(trace), target.id()).headAndLayerScores()
                .heads();
        return new CompareResult.Panel(name, target.text(), scores.raw(), scores.top(10));
    }

    static int overlap(CompareResult.Panel a, CompareResult.Panel b) {
        LinkedHashSet<HeadId> s = new LinkedHashSet<>(a.top10());
        s.retainAll(b.top10());
        return s.size();
    }
}
