package org.llavalens.analysis;

import java.awt.image.BufferedImage;
import java.nio.file.Path;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.llavalens.analysis.explain.CaseQuestion;
import org.llavalens.analysis.explain.ExplainException;
import org.llavalens.attribution.method.MethodRegistry;
import org.llavalens.attribution.method.builtin.CausalAblationMethod;
import org.llavalens.attribution.render.CropImage;
import org.llavalens.attribution.report.CaseAnalysis;
import org.llavalens.attribution.report.TablePosition;
import org.llavalens.attribution.result.AttributionRecord;
import org.llavalens.runtime.config.PreprocessorConfig;
import org.llavalens.runtime.image.PreprocessedImage;
import org.llavalens.runtime.model.LoadedModel;
import org.llavalens.runtime.model.PatchAblation;
import org.llavalens.runtime.model.PreparedInput;
import org.llavalens.runtime.text.PromptBuilder;
import org.llavalens.runtime.trace.CaptureSpec;
import org.llavalens.runtime.trace.ForwardTrace;

/**
 * One case through one loaded model: the forward pass with the capture the methods need, the greedy
 * answer, the causal baseline when a method asks for it, and the methods (isolated from each other by
 * the engine). The one path that {@code analyze}, {@code demo}, the batch and the workbench share.
 */
public final class CaseAnalyzer {

    /**
     * @param answer  the teacher-forced prefix followed by the greedy continuation, or null when none was asked
     * @param crop    the model's view of the image (what heatmaps are drawn on), or null for text only
     * @param trace   the forward pass the record was read from, for callers that read more from it later
     * @param capture what {@code trace} kept
     */
    public record Analysed(AttributionRecord record, String prompt, String answer, BufferedImage crop,
            ForwardTrace trace, CaptureSpec capture) {
    }

    private final LoadedModel model;
    private final MethodRegistry registry;
    private final AnalyzerSettings settings;
    private final Words words;
    private final CaptureSpec capture;

    public CaseAnalyzer(LoadedModel model, MethodRegistry registry, AnalyzerSettings settings) {
        this.words = new Words(model.tokenizer().orElseThrow(
                () -> new IllegalArgumentException(model.folder() + " has no tokenizer.json")));
        this.capture = captureFor(registry, settings.capture(), settings);
        this.model = model;
        this.registry = registry;
        this.settings = settings;
    }

    /**
     * What the pass must keep for these methods (a plugin may need more than the built-ins, e.g.
     * attention matrices for rollout); a method that cannot be loaded adds nothing and fails later
     * in the runner, where its error is reported with the other methods' results.
     */
    private static CaptureSpec captureFor(MethodRegistry registry, CaptureSpec base, AnalyzerSettings settings) {
        CaptureSpec c = base;
        for (String id : settings.methods()) {
            try {
                c = c.union(registry.get(id).requiredCapture());
            } catch (RuntimeException | LinkageError e) {
                // reported by MethodRunner
            }
        }
        return c;
    }

    public LoadedModel model() {
        return model;
    }

    /** The prompt this model is asked (LLaVA with the image, a text-only model without, given the context). */
    public String prompt(String context, String question, String answerPrefix) {
        return prompt(model.config().isLlava(), context, question, answerPrefix);
    }

    /** The prompt a LLaVA model (or a text-only one) is asked. */
    public static String prompt(boolean llava, String context, String question, String answerPrefix) {
        return llava ? PromptBuilder.llava(question, answerPrefix)
                : PromptBuilder.vicuna(context == null ? "" : context, question, answerPrefix);
    }

    public Analysed analyse(CaseQuestion q, IProgressMonitor monitor) {
        SubMonitor sub = SubMonitor.convert(monitor, "Case", 10);
        boolean llava = model.config().isLlava();
        String prompt = prompt(q.context(), q.question(), q.answerPrefix());
        sub.subTask("Forward pass");
        PreprocessedImage pixels = llava ? model.preprocess(q.image(), settings.padToSquare()) : null;
        PreparedInput input = model.prepare(pixels, model.encode(prompt));
        try {
            // before the pass: a position the sequence lacks should not cost a forward pass to report
            TablePosition.resolveAll(settings.attribution().tables().positions(), input.ids().length, input.imageSpan());
        } catch (TablePosition.OutOfSequence e) {
            throw new ExplainException.BadPosition(e);
        }
        ForwardTrace trace = model.forward(input, capture, sub.split(4));
        String answer = null;
        if (settings.maxNewTokens() > 0) {
            sub.subTask("Answer");
            String continuation = model.generateText(input, settings.maxNewTokens(), sub.split(2)).text().strip();
            String p = q.answerPrefix() == null ? "" : q.answerPrefix().strip();
            answer = p.isEmpty() ? continuation : continuation.isEmpty() ? p : p + " " + continuation;
        }
        sub.setWorkRemaining(4);
        PatchAblation ablation = null;
        if (llava && settings.methods().contains(CausalAblationMethod.ID)) {
            sub.subTask("Causal baseline");
            ablation = model.ablation(input, sub.split(1));
        }
        try {
            sub.subTask("Attribution");
            AttributionRecord record;
            try {
                record = CaseAnalysis.run(trace, ablation, words.selector(),
                        new CaseAnalysis.CaseInput(prompt, llava ? q.imageHash() : null,
                                pixels == null ? null : pixels.geometry(), q.target()),
                        settings.attribution(), registry, sub.split(3));
            } catch (TablePosition.OutOfSequence e) {
                throw new ExplainException.BadPosition(e);
            } catch (IllegalArgumentException e) {
                throw new ExplainException.BadTarget(e);
            }
            BufferedImage crop = null;
            if (pixels != null) {
                PreprocessorConfig pc = model.imageProcessor().orElseThrow().config();
                crop = CropImage.fromPixelValues(pixels.pixelValues(), pixels.height(), pixels.width(),
                        pc.imageMean(), pc.imageStd());
            }
            return new Analysed(record, prompt, answer, crop, trace, capture);
        } finally {
            if (ablation != null) {
                ablation.close();
            }
        }
    }
}
