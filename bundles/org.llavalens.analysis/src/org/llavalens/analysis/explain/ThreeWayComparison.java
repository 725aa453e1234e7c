package org.llavalens.analysis.explain;

import java.nio.file.Path;
import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.llavalens.analysis.ProjectCases;
import org.llavalens.analysis.Words;
import org.llavalens.attribution.TargetToken;
import org.llavalens.attribution.report.TargetHeads;
import org.llavalens.runtime.model.LoadedModel;
import org.llavalens.runtime.text.PromptBuilder;
import org.llavalens.runtime.trace.CaptureSpec;
import org.llavalens.runtime.trace.ForwardTrace;

/**
 * Vicuna text QA, LLaVA text QA and LLaVA visual QA head scores of one case, each for the token the
 * target names (method.md §4). The visual pass runs first: its answer may be the others' target.
 */
record ThreeWayComparison(LocalExplainService service, Path llava, Path vicuna) {

    /**
     * @throws ExplainException.NotAnswerable naming the case: it has no scene as text (the one place
     *                                        this is checked, for local and host callers alike), or the
     *                                        shared target is not one token of a model's vocabulary
     */
    Comparison compare(CompareRequest request, IProgressMonitor monitor) {
        CaseQuestion q = request.question();
        String context = q.context();
        String name = request.caseName();
        if (context == null || context.isBlank()) {
            throw new ExplainException.NotAnswerable("case " + name + " has no text description of its scene (its '"
                    + ProjectCases.CONTEXT + "'), so it cannot be asked as text QA");
        }
        SubMonitor sub = SubMonitor.convert(monitor, "Comparing", 90);
        String textPrompt = PromptBuilder.vicuna(context, q.question(), q.answerPrefix());
        Comparison.Panel[] visualPanel = new Comparison.Panel[1];
        String word = service.withModel(llava, m -> {
            ForwardTrace visual = m.forward(
                    m.prepare(m.preprocess(q.image(), false), m.encode(PromptBuilder.llava(q.question(), q.answerPrefix()))),
                    CaptureSpec.ATTRIBUTION, sub.split(30));
            String w = sharedWord(request, name, Words.selector(m).argmax(visual));
            visualPanel[0] = panel(name, "LLaVA, visual QA", m, visual, w);
            return w;
        });
        Comparison.Panel v = service.withModel(vicuna, m -> panel(name, "Vicuna, text QA", m,
                m.forward(m.prepare(m.encode(textPrompt)), CaptureSpec.ATTRIBUTION, sub.split(30)), word));
        Comparison.Panel lt = service.withModel(llava, m -> panel(name, "LLaVA, text QA", m,
                m.forward(m.prepare(m.encode(textPrompt)), CaptureSpec.ATTRIBUTION, sub.split(30)), word));
        return Comparison.of(name, request.target(), List.of(v, lt, visualPanel[0]));
    }

    /** The word every panel explains, or null for each model's own answer. */
    private static String sharedWord(CompareRequest request, String name, TargetToken visualAnswer) {
        return switch (request.target()) {
            case OWN -> null;
            // the token's own text (e.g. "\u2581brown"), so each vocabulary finds exactly that token
            case LLAVA_VISUAL -> visualAnswer.text();
            case EXPECTED -> {
                String e = request.expectedAnswer();
                if (e == null || e.isBlank()) {
                    throw new ExplainException.NotAnswerable(
                            "case " + name + " has no expected answer: choose another target to explain");
                }
                yield e.strip();
            }
        };
    }

    private static Comparison.Panel panel(String caseName, String name, LoadedModel model, ForwardTrace trace,
            String word) {
        TargetHeads t;
        try {
            t = TargetHeads.of(trace, Words.selector(model), word);
        } catch (IllegalArgumentException e) {
            throw new ExplainException.NotAnswerable("'" + word + "' is not a single token of the vocabulary of "
                    + name.substring(0, name.indexOf(',')) + " (case " + caseName + "), so its head map cannot be"
                    + " computed: choose another target to explain");
        }
        return new Comparison.Panel(name, t.answer().text(), t.heads(), t.heads().top(10), t.explained().text(),
                t.explained().id(), t.standing().rank(), t.standing().probability());
    }
}
