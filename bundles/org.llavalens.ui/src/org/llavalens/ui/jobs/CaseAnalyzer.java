package org.llavalens.ui.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.llavalens.annotation.AnnotationProject;
import org.llavalens.annotation.ResultAttachments;
import org.llavalens.annotation.model.Case;
import org.llavalens.annotation.model.ResultLink;
import org.llavalens.attribution.HeadAggregation;
import org.llavalens.attribution.ScoreNormalization;
import org.llavalens.attribution.TargetSelector;
import org.llavalens.attribution.method.MethodRegistry;
import org.llavalens.attribution.method.builtin.AverageAttentionMethod;
import org.llavalens.attribution.method.builtin.CausalAblationMethod;
import org.llavalens.attribution.method.builtin.LogProbIncreaseMethod;
import org.llavalens.attribution.projection.EmbeddingProjection;
import org.llavalens.attribution.render.Colormap;
import org.llavalens.attribution.render.HeatmapStyle;
import org.llavalens.attribution.report.CaseAnalysis;
import org.llavalens.attribution.result.AttributionRecord;
import org.llavalens.attribution.result.ResultJson;
import org.llavalens.runtime.image.PreprocessedImage;
import org.llavalens.runtime.model.LoadedModel;
import org.llavalens.runtime.model.PatchAblation;
import org.llavalens.runtime.model.PreparedInput;
import org.llavalens.runtime.text.PromptBuilder;
import org.llavalens.runtime.text.Tokenizer;
import org.llavalens.runtime.trace.CaptureSpec;
import org.llavalens.runtime.trace.ForwardTrace;
import org.llavalens.ui.session.CaseResult;
import org.llavalens.ui.session.ModelCache;

/**
 * The workbench's calls into the core bundles, in the order a case needs them: load (cached),
 * preprocess, forward, attribution, save into the project. Runs inside jobs only; every step is a
 * core API and takes the job's monitor. Nothing here is drawn.
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

    /** The main analysis of a case: forward pass, the default methods, token tables; saved in the project. */
    public CaseResult analyze(Case c, IProgressMonitor monitor) throws IOException {
        SubMonitor sub = SubMonitor.convert(monitor, "Analysing " + c.getId(), 100);
        sub.subTask("Loading the model");
        Prepared p = prepare(c);
        sub.worked(10);
        List<String> methods = new ArrayList<>(List.of(LogProbIncreaseMethod.ID, AverageAttentionMethod.ID));
        String preferred = settings.method();
        if (preferred != null && !preferred.isBlank() && !methods.contains(preferred)
                && !CausalAblationMethod.ID.equals(preferred)) {
            methods.add(preferred);
        }
        sub.subTask("Forward pass");
        ForwardTrace trace = p.model().forward(p.input(), captureFor(methods), sub.split(40));
        AttributionRecord record = run(c, trace, null, p, methods, sub.split(45));
        save(c, record, sub.split(5));
        return new CaseResult(c.getId(), image(c), List.of(record), trace, tokens(p.model().tokenizer().orElse(null), trace.inputIds()));
    }

    /**
     * What the pass must keep for these methods (a plugin may need more than the built-ins, e.g.
     * attention matrices for rollout); a method that cannot be loaded adds nothing and fails later
     * in the runner, where its error is reported.
     */
    private static CaptureSpec captureFor(List<String> methods) {
        MethodRegistry registry = MethodRegistry.fromPlatform();
        CaptureSpec capture = CaptureSpec.ATTRIBUTION;
        for (String id : methods) {
            try {
                capture = capture.union(registry.get(id).requiredCapture());
            } catch (RuntimeException | LinkageError e) {
                // reported by MethodRunner with the other failures
            }
        }
        return capture;
    }

    /** The causal baseline (one rerun per patch): slow by nature, so only on request. */
    public AttributionRecord ablate(Case c, IProgressMonitor monitor) throws IOException {
        SubMonitor sub = SubMonitor.convert(monitor, "Causal ablation of " + c.getId(), 100);
        Prepared p = prepare(c);
        ForwardTrace trace = p.model().forward(p.input(), CaptureSpec.MINIMAL, sub.split(10));
        try (PatchAblation ablation = p.model().ablation(p.input(), sub.split(5))) {
            AttributionRecord record = run(c, trace, ablation, p, List.of(CausalAblationMethod.ID), sub.split(80));
            save(c, record, sub.split(5));
            return record;
        }
    }

    private AttributionRecord run(Case c, ForwardTrace trace, PatchAblation ablation, Prepared p, List<String> methods,
            IProgressMonitor monitor) {
        HeatmapStyle style = new HeatmapStyle(Colormap.parse(settings.colormap()),
                ScoreNormalization.parse(settings.normalization()), 0.6, false);
        String target = c.getTargetToken() == null || c.getTargetToken().isBlank() ? null : c.getTargetToken();
        CaseAnalysis.Options options = new CaseAnalysis.Options(target, HeadAggregation.parse(settings.heads()), methods,
                style, TOP_TOKENS, 10, EmbeddingProjection.Similarity.DOT, Map.of());
        CaseAnalysis.CaseInput input = new CaseAnalysis.CaseInput(prompt(c), c.getImageSha256(), p.image().geometry());
        return CaseAnalysis.run(trace, ablation, selector(p.model()), input, options, MethodRegistry.fromPlatform(),
                monitor);
    }

    static TargetSelector selector(LoadedModel model) {
        Tokenizer t = model.tokenizer().orElse(null);
        if (t == null) {
            return TargetSelector.idsOnly();
        }
        return new TargetSelector(word -> {
            for (String candidate : List.of(word, "\u2581" + word)) {
                var id = t.tokenToId(candidate);
                if (id.isPresent()) {
                    return OptionalInt.of((int) id.getAsLong());
                }
            }
            return OptionalInt.empty();
        }, id -> t.idToToken(id));
    }

    private void save(Case c, AttributionRecord record, IProgressMonitor monitor) throws IOException {
        Path tmp = Files.createTempFile("llavalens-result", ".json");
        try {
            ResultJson.write(record, tmp);
            String method = record.methods().isEmpty() ? null : record.methods().get(0).methodId();
            ResultAttachments.attach(project, c, tmp, List.of(), method);
        } finally {
            Files.deleteIfExists(tmp);
            monitor.done();
        }
    }

    /** The results saved with the case (oldest first), so reopening shows them without the model. */
    public CaseResult load(Case c) throws IOException {
        List<AttributionRecord> records = new ArrayList<>();
        for (ResultLink link : c.getResults()) {
            Path file = project.paths().resolve(link.getPath());
            records.add(ResultJson.read(file));
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
        return new CaseResult(c.getId(), image(c), ordered, null, tokens);
    }

    static List<String> tokens(Tokenizer t, int[] ids) {
        List<String> out = new ArrayList<>(ids.length);
        for (int id : ids) {
            out.add(t == null ? "#" + id : t.idToToken(id));
        }
        return out;
    }
}
