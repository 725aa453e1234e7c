package org.llavalens.analysis.experiment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;
import org.llavalens.analysis.Words;
import org.llavalens.analysis.experiment.CaseMeasures.EncodedPrompt;
import org.llavalens.analysis.experiment.ColorQaPrompts.Form;
import org.llavalens.analysis.experiment.ColorQaPrompts.Prompt;
import org.llavalens.analysis.experiment.ColorQaPrompts.Setting;
import org.llavalens.attribution.FrozenNormUnembedding;
import org.llavalens.attribution.HeadId;
import org.llavalens.attribution.HeadScores;
import org.llavalens.attribution.LogProbIncrease;
import org.llavalens.attribution.Similarity;
import org.llavalens.attribution.projection.EmbeddingProjection;
import org.llavalens.runtime.image.PreprocessedImage;
import org.llavalens.runtime.model.LoadedModel;
import org.llavalens.runtime.model.TraceExport;
import org.llavalens.runtime.trace.CaptureSpec;
import org.llavalens.runtime.trace.ForwardTrace;
import org.llavalens.runtime.trace.ImageSpan;

/**
 * The paper's §3 color analyses on one case (method.md §5), comparing Vicuna text QA, LLaVA text QA and
 * LLaVA visual QA, with the prompts of {@link ColorQaPrompts}. Every score explains the color token [C]
 * (not the argmax; whether the argmax is [C] is recorded). The case's "most important heads" are chosen
 * by {@link Options#heads()} from its own head scores (S0 for text QA; S1 and S2 are read in the same
 * heads, so a drop in attention shows those heads looking away). Visual QA's top positions rank image
 * patches by the chosen heads' summed position scores. Value outputs c^(l,h)_j and layer inputs x^l_j
 * (the input of the head's layer, the paper's x^(l-1)) are read through the frozen-norm logit lens.
 */
public final class ColorQaExperiment {

    /**
     * @param topHeads     k of "top heads" (also the size of Section 3.4's top lists)
     * @param topPositions number of image positions read in visual QA (the paper's 20)
     * @param heads        which heads are "the most important heads"
     * @param form         literal sentences (the paper's) or llava-1.5's chat template
     * @param seed         seeds the random image positions of evidence (e) (cases draw their words with it too)
     */
    public record Options(int topHeads, int topPositions, HeadChoice heads, Form form, long seed) {

        public Options {
            if (topHeads < 1 || topPositions < 1) {
                throw new IllegalArgumentException("top heads and top positions must be positive");
            }
        }

        public static Options defaults() {
            return new Options(10, 20, HeadChoice.TOP_K, Form.LITERAL, 0);
        }

        int chosenHeads() {
            return heads == HeadChoice.TOP1 ? 1 : topHeads;
        }
    }

    private static final CaptureSpec POSITIONS = CaptureSpec.ATTRIBUTION.union(CaptureSpec.ALL_POSITIONS);

    private final LoadedModel llava;
    private final LoadedModel vicuna;
    private final Words llavaWords;
    private final Words vicunaWords;
    private final Options options;

    public ColorQaExperiment(LoadedModel llava, LoadedModel vicuna, Options options) {
        if (!llava.config().isLlava()) {
            throw new IllegalArgumentException(llava.folder() + " is not a LLaVA model");
        }
        if (vicuna.config().isLlava()) {
            throw new IllegalArgumentException(vicuna.folder() + " is a LLaVA model, not a text-only one");
        }
        this.llava = llava;
        this.vicuna = vicuna;
        this.llavaWords = new Words(llava.tokenizer().orElseThrow(() -> new IllegalArgumentException(
                llava.folder() + " has no tokenizer.json")));
        this.vicunaWords = new Words(vicuna.tokenizer().orElseThrow(() -> new IllegalArgumentException(
                vicuna.folder() + " has no tokenizer.json")));
        this.options = options;
    }

    public Options options() {
        return options;
    }

    public CaseMeasures measure(ColorQaCase c, IProgressMonitor monitor) {
        SubMonitor sub = SubMonitor.convert(monitor, "Case " + c.id(), 8);
        long t0 = System.nanoTime();
        Map<Measure, Double> v = new EnumMap<>(Measure.class);
        List<EncodedPrompt> prompts = new ArrayList<>();
        HeadScores tqa = vicunaTqa(c, v, prompts, sub.split(4));
        HeadScores ltqa = llavaTqa(c, v, prompts, sub.split(1));
        HeadScores vqa = c.image() == null ? null : llavaVqa(c, v, prompts, sub.split(3));
        return new CaseMeasures(c.id(), v, prompts, tqa, ltqa, vqa, (System.nanoTime() - t0) / 1e9);
    }

    /** The prompt of {@code setting} as {@code model} tokenizes it (BOS first; {@code <image>} one id). */
    EncodedPrompt encode(LoadedModel model, String name, ColorQaCase c, Setting setting) {
        Prompt p = ColorQaPrompts.of(c, setting, options.form());
        return new EncodedPrompt(name, p, model.encode(p.text()));
    }

    private record Run(ForwardTrace trace, int[] ids, FrozenNormUnembedding unembedding) {
    }

    private Run text(LoadedModel m, String name, ColorQaCase c, Setting s, CaptureSpec spec, List<EncodedPrompt> log,
            IProgressMonitor monitor) {
        EncodedPrompt p = encode(m, name, c, s);
        log.add(p);
        ForwardTrace t = m.forward(m.prepare(p.ids()), spec, monitor);
        return new Run(t, t.inputIds(), FrozenNormUnembedding.of(t));
    }

    private HeadScores vicunaTqa(ColorQaCase c, Map<Measure, Double> v, List<EncodedPrompt> log, IProgressMonitor monitor) {
        SubMonitor sub = SubMonitor.convert(monitor, 3);
        CaseTokens k = CaseTokens.of(vicunaWords, c);
        Run r0 = text(vicuna, "vicuna", c, Setting.S0, POSITIONS, log, sub.split(1));
        v.put(Measure.TQA_CORRECT, TraceExport.argmax(r0.trace().logits()) == k.color() ? 1.0 : 0.0);
        LogProbIncrease e = new LogProbIncrease(r0.trace(), r0.unembedding(), k.color());
        HeadScores heads = e.headAndLayerScores().heads();
        List<HeadId> chosen = heads.top(options.chosenHeads());
        int jc = position(r0.ids(), k.color(), c.color());

        double num = 0;
        double den = 0;
        float[][] valueOut = new float[chosen.size()][];
        for (int i = 0; i < chosen.size(); i++) {
            HeadId h = chosen.get(i);
            double[] p = e.positionScores(h);
            num += Math.max(0, p[jc]);
            den += positive(p);
            valueOut[i] = r0.trace().headContributions(h.layer(), h.head())[jc];
        }
        v.put(Measure.TQA_COLOR_SHARE, den > 0 ? num / den : 0);
        Readout values = Readout.of(r0.unembedding(), valueOut);
        v.put(Measure.TQA_VALUE_MRR_COLOR, values.mrr(k.color()));
        v.put(Measure.TQA_VALUE_MRR_RANDOM_COLOR, values.mrr(k.randomColor()));
        v.put(Measure.TQA_VALUE_LOGIT_DIFF, values.meanLogitDifference(k.color(), k.randomColor()));

        Readout in0 = Readout.of(r0.unembedding(), layerInputs(r0.trace(), chosen, new int[] { jc }));
        v.put(Measure.TQA_S0_INPUT_MRR_ANIMAL, in0.mrr(k.animal()));
        v.put(Measure.TQA_S0_INPUT_MRR_OTHER, in0.mrr(k.otherAnimal()));
        v.put(Measure.TQA_S0_INPUT_LOGIT_DIFF, in0.meanLogitDifference(k.animal(), k.otherAnimal()));

        Run r1 = text(vicuna, "vicuna", c, Setting.S1, POSITIONS, log, sub.split(1));
        int jc1 = position(r1.ids(), k.color(), c.color());
        Readout in1 = Readout.of(r1.unembedding(), layerInputs(r1.trace(), chosen, new int[] { jc1 }));
        v.put(Measure.TQA_S1_INPUT_MRR_ANIMAL, in1.mrr(k.animal()));
        v.put(Measure.TQA_S1_INPUT_MRR_OTHER, in1.mrr(k.otherAnimal()));
        v.put(Measure.TQA_S1_INPUT_LOGIT_DIFF, in1.meanLogitDifference(k.otherAnimal(), k.animal()));

        Run r2 = text(vicuna, "vicuna", c, Setting.S2, CaptureSpec.MINIMAL, log, sub.split(1));
        int jc2 = position(r2.ids(), k.color(), c.color());
        v.put(Measure.TQA_S0_ATTENTION, meanAttention(r0.trace(), chosen, new int[] { jc }));
        v.put(Measure.TQA_S1_ATTENTION, meanAttention(r1.trace(), chosen, new int[] { jc1 }));
        v.put(Measure.TQA_S2_ATTENTION, meanAttention(r2.trace(), chosen, new int[] { jc2 }));
        return heads;
    }

    private HeadScores llavaTqa(ColorQaCase c, Map<Measure, Double> v, List<EncodedPrompt> log, IProgressMonitor monitor) {
        int color = llavaWords.require(c.color());
        Run r = text(llava, "llava", c, Setting.S0, CaptureSpec.MINIMAL, log, monitor);
        v.put(Measure.LTQA_CORRECT, TraceExport.argmax(r.trace().logits()) == color ? 1.0 : 0.0);
        return new LogProbIncrease(r.trace(), r.unembedding(), color).headAndLayerScores().heads();
    }

    private HeadScores llavaVqa(ColorQaCase c, Map<Measure, Double> v, List<EncodedPrompt> log, IProgressMonitor monitor) {
        SubMonitor sub = SubMonitor.convert(monitor, 2);
        CaseTokens k = CaseTokens.of(llavaWords, c);
        int randomAnimal = llavaWords.require(c.randomAnimal());
        PreprocessedImage pixels = llava.preprocess(c.image(), false);
        EncodedPrompt asked = encode(llava, "llava", c, Setting.VQA);
        log.add(asked);
        ForwardTrace t = llava.forward(llava.prepare(pixels, asked.ids()), POSITIONS, sub.split(1));
        FrozenNormUnembedding u = FrozenNormUnembedding.of(t);
        v.put(Measure.VQA_CORRECT, TraceExport.argmax(t.logits()) == k.color() ? 1.0 : 0.0);
        LogProbIncrease e = new LogProbIncrease(t, u, k.color());
        HeadScores heads = e.headAndLayerScores().heads();
        List<HeadId> chosen = heads.top(options.chosenHeads());
        ImageSpan span = t.imageSpan().orElseThrow();
        double[] summed = new double[t.sequenceLength()];
        for (HeadId h : chosen) {
            double[] p = e.positionScores(h);
            for (int j = 0; j < summed.length; j++) {
                summed[j] += p[j];
            }
        }
        int[] top = topImagePositions(summed, span, options.topPositions());

        List<float[]> valueOut = new ArrayList<>();
        for (HeadId h : chosen) {
            float[][] contributions = t.headContributions(h.layer(), h.head());
            for (int j : top) {
                valueOut.add(contributions[j]);
            }
        }
        Readout values = Readout.of(u, valueOut.toArray(float[][]::new));
        v.put(Measure.VQA_VALUE_MRR_COLOR, values.mrr(k.color()));
        v.put(Measure.VQA_VALUE_MRR_RANDOM_COLOR, values.mrr(k.randomColor()));
        v.put(Measure.VQA_VALUE_LOGIT_DIFF, values.meanLogitDifference(k.color(), k.randomColor()));
        Readout inputs = Readout.of(u, layerInputs(t, chosen, top));
        v.put(Measure.VQA_INPUT_MRR_ANIMAL, inputs.mrr(k.animal()));
        v.put(Measure.VQA_INPUT_MRR_OTHER, inputs.mrr(k.otherAnimal()));
        v.put(Measure.VQA_INPUT_LOGIT_DIFF, inputs.meanLogitDifference(k.animal(), k.otherAnimal()));

        v.put(Measure.VQA_ATTENTION_TOP, meanAttention(t, chosen, top));
        EncodedPrompt swapped = encode(llava, "llava", c, Setting.VQA_SWAP);
        log.add(swapped);
        ForwardTrace other = llava.forward(llava.prepare(pixels, swapped.ids()), CaptureSpec.MINIMAL, sub.split(1));
        v.put(Measure.VQA_ATTENTION_TOP_SWAPPED, meanAttention(other, chosen, top));

        float[][] features = t.imageFeatures().orElseThrow();
        EmbeddingProjection embedding = new EmbeddingProjection(t.embedding());
        Readout atTop = Readout.ofScores(embedding.scores(rows(features, top, span), Similarity.DOT));
        v.put(Measure.EMBED_MRR_COLOR, atTop.mrr(k.color()));
        v.put(Measure.EMBED_MRR_RANDOM_COLOR, atTop.mrr(k.randomColor()));
        v.put(Measure.EMBED_MRR_ANIMAL, atTop.mrr(k.animal()));
        v.put(Measure.EMBED_MRR_RANDOM_ANIMAL, atTop.mrr(randomAnimal));
        int[] random = randomPatches(span, top.length, options.seed() * 1_000_003L + c.id().hashCode());
        Readout atRandom = Readout.ofScores(embedding.scores(rows(features, random, span),
                Similarity.DOT));
        v.put(Measure.EMBED_RANDOM_POSITIONS_MRR_COLOR, atRandom.mrr(k.color()));
        v.put(Measure.EMBED_RANDOM_POSITIONS_MRR_ANIMAL, atRandom.mrr(k.animal()));
        if (monitor.isCanceled()) {
            throw new OperationCanceledException();
        }
        return heads;
    }

    private static float[][] rows(float[][] features, int[] positions, ImageSpan span) {
        float[][] out = new float[positions.length][];
        for (int i = 0; i < positions.length; i++) {
            out[i] = features[positions[i] - span.start()];
        }
        return out;
    }

    /** x^l_j for every distinct layer l of {@code heads} and every position j (the heads' input there). */
    private static float[][] layerInputs(ForwardTrace t, List<HeadId> heads, int[] positions) {
        Set<Integer> layers = new LinkedHashSet<>();
        heads.forEach(h -> layers.add(h.layer()));
        List<float[]> out = new ArrayList<>();
        for (int layer : layers) {
            for (int j : positions) {
                out.add(t.residual(layer, j));
            }
        }
        return out.toArray(float[][]::new);
    }

    /** Attention of the last position summed over {@code at}, averaged over the heads. */
    static double meanAttention(ForwardTrace t, List<HeadId> heads, int[] at) {
        double mean = 0;
        for (HeadId h : heads) {
            float[] a = t.attentionWeights(h.layer(), h.head());
            for (int j : at) {
                mean += a[j];
            }
        }
        return mean / heads.size();
    }

    /** The image patch positions with the highest scores, best first (ties: lower position first). */
    static int[] topImagePositions(double[] scores, ImageSpan span, int k) {
        List<Integer> patches = new ArrayList<>();
        for (int p = 0; p < span.patchCount(); p++) {
            patches.add(span.patchPosition(p));
        }
        patches.sort((a, b) -> scores[a] != scores[b] ? Double.compare(scores[b], scores[a]) : Integer.compare(a, b));
        return patches.subList(0, Math.min(k, patches.size())).stream().mapToInt(Integer::intValue).toArray();
    }

    static int[] randomPatches(ImageSpan span, int k, long seed) {
        List<Integer> patches = new ArrayList<>();
        for (int p = 0; p < span.patchCount(); p++) {
            patches.add(span.patchPosition(p));
        }
        java.util.Collections.shuffle(patches, new Random(seed));
        return patches.subList(0, Math.min(k, patches.size())).stream().mapToInt(Integer::intValue).toArray();
    }

    /** The case's words as ids of one vocabulary, each required to be one token there. */
    private record CaseTokens(int color, int randomColor, int animal, int otherAnimal) {

        static CaseTokens of(Words w, ColorQaCase c) {
            return new CaseTokens(w.require(c.color()), w.require(c.randomColor()), w.require(c.animal()),
                    w.require(c.otherAnimal()));
        }
    }

    /** The color position: where the color token stands in the prompt (its first occurrence). */
    static int position(int[] ids, int token, String word) {
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == token) {
                return i;
            }
        }
        throw new IllegalArgumentException("'" + word + "' (id " + token + ") is not a token of the prompt "
                + Arrays.toString(ids));
    }

    private static double positive(double[] p) {
        double t = 0;
        for (double x : p) {
            t += Math.max(0, x);
        }
        return t;
    }
}
