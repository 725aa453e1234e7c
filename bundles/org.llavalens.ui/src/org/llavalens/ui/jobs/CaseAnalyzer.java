package org.llavalens.ui.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.llavalens.analysis.AnalyzerSettings;
import org.llavalens.analysis.CaseAnalyzer.Analysed;
import org.llavalens.analysis.explain.CaseQuestion;
import org.llavalens.analysis.Words;
import org.llavalens.annotation.AnnotationProject;
import org.llavalens.annotation.CaseSnapshot;
import org.llavalens.annotation.ResultAttachments;
import org.llavalens.annotation.model.Case;
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
import org.llavalens.attribution.result.AttributionRecord;
import org.llavalens.attribution.result.ResultJson;
import org.llavalens.runtime.model.LoadedModel;
import org.llavalens.runtime.text.Tokenizer;
import org.llavalens.runtime.trace.CaptureSpec;
import org.llavalens.runtime.trace.ForwardTrace;
import org.llavalens.ui.session.CaseResult;
import org.llavalens.ui.session.ModelCache;

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

    Path image(CaseSnapshot s) throws IOException {
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

    private CaseQuestion question(CaseSnapshot s) throws IOException {
        return new CaseQuestion(image(s), s.imageSha256() == null ? null : "sha256:" + s.imageSha256(), null, s.question(),
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

    /**
     * The results saved with the case (oldest first), so reopening shows them without the model. A
     * result file that cannot be read (deleted, damaged, from a newer version) does not hide the
     * others: its project-relative path and why go to {@code unreadable}.
     *
     * @return the readable results, or null when there is none
     */
    public CaseResult load(CaseSnapshot s, Map<String, String> unreadable) throws IOException {
        List<AttributionRecord> records = new ArrayList<>();
        for (String path : s.resultPaths()) {
            try {
                records.add(ResultJson.read(project.paths().resolve(path)));
            } catch (IOException | RuntimeException e) {
                unreadable.put(path, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            }
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
}
