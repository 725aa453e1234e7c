package org.llavalens.analysis.batch;

import java.nio.file.Path;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.llavalens.analysis.Words;
import org.llavalens.attribution.method.MethodRegistry;
import org.llavalens.attribution.method.builtin.CausalAblationMethod;
import org.llavalens.attribution.projection.EmbeddingProjection;
import org.llavalens.attribution.render.HeatmapStyle;
import org.llavalens.attribution.report.CaseAnalysis;
import org.llavalens.attribution.result.AttributionRecord;
import org.llavalens.runtime.image.PreprocessedImage;
import org.llavalens.runtime.model.LoadedModel;
import org.llavalens.runtime.model.PatchAblation;
import org.llavalens.runtime.model.PreparedInput;
import org.llavalens.runtime.text.PromptBuilder;
import org.llavalens.runtime.trace.CaptureSpec;
import org.llavalens.runtime.trace.ForwardTrace;

/**
 * One case through one loaded model, as {@code analyze} does it: the forward pass with the capture the
 * methods need, the methods (isolated from each other by the engine), and the greedy answer.
 */
public final class CaseAnalyzer {

    /** @param answer the teacher-forced prefix followed by the greedy continuation, or null when none was asked */
    public record Analysed(AttributionRecord record, String prompt, String answer) {
    }

    private final LoadedModel model;
    private final MethodRegistry registry;
    private final BatchSettings settings;
    private final Words words;
    private final CaptureSpec capture;

    public CaseAnalyzer(LoadedModel model, MethodRegistry registry, BatchSettings settings) {
        this.model = model;
        this.registry = registry;
        this.settings = settings;
        this.words = new Words(model.tokenizer().orElseThrow(
                () -> new IllegalArgumentException(model.folder() + " has no tokenizer.json")));
        CaptureSpec c = CaptureSpec.MINIMAL;
        for (String id : settings.methods()) {
            c = c.union(registry.get(id).requiredCapture());
        }
        this.capture = c;
    }

    public LoadedModel model() {
        return model;
    }

    /** The prompt this model is asked (LLaVA with the image, a text-only model without). */
    public String prompt(String question, String answerPrefix) {
        return model.config().isLlava() ? PromptBuilder.llava(question, answerPrefix)
                : PromptBuilder.vicuna("", question, answerPrefix);
    }

    /**
     * @param image     the picture (ignored by a text-only model)
     * @param imageHash recorded in the provenance ({@code sha256:...}), or null
     */
    public Analysed analyse(Path image, String imageHash, String question, String answerPrefix, IProgressMonitor monitor) {
        SubMonitor sub = SubMonitor.convert(monitor, "Case", 10);
        boolean llava = model.config().isLlava();
        String prompt = prompt(question, answerPrefix);
        PreprocessedImage pixels = llava ? model.preprocess(image, settings.padToSquare()) : null;
        PreparedInput input = model.prepare(pixels, model.encode(prompt));
        ForwardTrace trace = model.forward(input, capture, sub.split(4));
        String answer = null;
        if (settings.maxNewTokens() > 0) {
            String continuation = model.generateText(input, settings.maxNewTokens(), sub.split(2)).text().strip();
            String p = answerPrefix == null ? "" : answerPrefix.strip();
            answer = p.isEmpty() ? continuation : continuation.isEmpty() ? p : p + " " + continuation;
        }
        sub.setWorkRemaining(4);
        PatchAblation ablation = llava && settings.methods().contains(CausalAblationMethod.ID)
                ? model.ablation(input, sub.split(1)) : null;
        try {
            CaseAnalysis.Options options = new CaseAnalysis.Options(settings.target(), settings.headAggregation(),
                    settings.methods(), HeatmapStyle.DEFAULT, 5, 5, EmbeddingProjection.Similarity.DOT,
                    settings.methodSettings());
            AttributionRecord record = CaseAnalysis.run(trace, ablation, words.selector(),
                    new CaseAnalysis.CaseInput(prompt, llava ? imageHash : null, pixels == null ? null : pixels.geometry()),
                    options, registry, sub.split(3));
            return new Analysed(record, prompt, answer);
        } finally {
            if (ablation != null) {
                ablation.close();
            }
        }
    }
}
