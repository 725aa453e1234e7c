package org.llavalens.analysis.experiment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;
import org.llavalens.analysis.Words;
import org.llavalens.attribution.FrozenNormUnembedding;
import org.llavalens.attribution.HeadId;
import org.llavalens.attribution.HeadScores;
import org.llavalens.attribution.LogProbIncrease;
import org.llavalens.attribution.projection.EmbeddingProjection;
import org.llavalens.attribution.projection.LogitLens;
import org.llavalens.attribution.projection.Mrr;
import org.llavalens.runtime.image.PreprocessedImage;
import org.llavalens.runtime.model.TraceExport;
import org.llavalens.runtime.model.LoadedModel;
import org.llavalens.runtime.model.PreparedInput;
import org.llavalens.runtime.text.PromptBuilder;
import org.llavalens.runtime.trace.CaptureSpec;
import org.llavalens.runtime.trace.ForwardTrace;
import org.llavalens.runtime.trace.ImageSpan;

/**
 * The paper's §3 colour analyses on one case, comparing Vicuna text QA, LLaVA text QA and LLaVA visual
 * QA. Every score explains the colour token [C] (not the argmax; whether the argmax is [C] is recorded as
 * {@code *_correct}). Text contexts (<b>Decision</b>, the paper gives examples only):
 * <ul>
 * <li>S0 {@code The [A] is [C].} asked about [A];</li>
 * <li>S1 {@code The [A1] is [C1]. The [A] is [C].} asked about [A] (a distractor sentence first);</li>
 * <li>S2 the S1 context asked about [A1]: heads that bind the colour to its animal look away from [C].</li>
 * </ul>
 * "Top heads" are the top-k heads by log-probability increase in the same setting (S0 for the text
 * measures); "top positions" are the image positions with the highest position scores in the top-1
 * head (the heatmap's default). Value outputs c^(l,h)_j are read through the frozen-norm logit lens
 * (their rank does not depend on the attention weight, a positive scale); layer inputs x^l_j at the
 * layer of the head that reads them.
 */
public final class ColorQaExperiment {

    /** @param topHeads k of "top heads"; @param topPositions number of image positions read */
    public record Options(int topHeads, int topPositions) {

        public Options {
            if (topHeads < 1 || topPositions < 1) {
                throw new IllegalArgumentException("top heads and top positions must be positive");
            }
        }

        public static Options defaults() {
            return new Options(10, 20);
        }
    }

    private static final CaptureSpec POSITIONS = new CaptureSpec(true, true);

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
        Map<String, Double> v = new LinkedHashMap<>();
        double[][] tqa = vicunaTqa(c, v, sub.split(4));
        double[][] ltqa = llavaTqa(c, v, sub.split(1));
        double[][] vqa = c.image() == null ? null : llavaVqa(c, v, sub.split(3));
        return new CaseMeasures(c.id(), v, tqa, ltqa, vqa, (System.nanoTime() - t0) / 1e9);
    }

    static String s0(ColorQaCase c) {
        return "The " + c.animal() + " is " + c.colour() + ".";
    }

    static String s1(ColorQaCase c) {
        return "The " + c.otherAnimal() + " is " + c.otherColour() + ". " + s0(c);
    }

    private record Run(ForwardTrace trace, int[] ids, FrozenNormUnembedding unembedding) {
    }

    private static Run text(LoadedModel m, String context, String question, String prefix, CaptureSpec spec,
            IProgressMonitor monitor) {
        PreparedInput in = m.prepare(m.encode(PromptBuilder.vicuna(context, question, prefix)));
        ForwardTrace t = m.forward(in, spec, monitor);
        return new Run(t, t.inputIds(), FrozenNormUnembedding.of(t));
    }

    private double[][] vicunaTqa(ColorQaCase c, Map<String, Double> v, IProgressMonitor monitor) {
        SubMonitor sub = SubMonitor.convert(monitor, 3);
        Words w = vicunaWords;
        int colour = w.require(c.colour());
        int otherColour = w.require(c.otherColour());
        int animal = w.require(c.animal());
        int otherAnimal = w.require(c.otherAnimal());
        Run r0 = text(vicuna, s0(c), c.question(false), c.answerPrefix(false), POSITIONS, sub.split(1));
        v.put("tqa_correct", TraceExport.argmax(r0.trace().logits()) == colour ? 1.0 : 0.0);
        LogProbIncrease e = new LogProbIncrease(r0.trace(), r0.unembedding(), colour);
        HeadScores heads = e.headAndLayerScores().heads();
        List<HeadId> top = heads.top(options.topHeads());
        int jc = position(r0.ids(), colour, c.colour());

        double[] first = e.positionScores(top.get(0));
        v.put("tqa_colour_share_top1", share(first, jc));
        double num = 0;
        double den = 0;
        for (HeadId h : top) {
            double[] p = h.equals(top.get(0)) ? first : e.positionScores(h);
            num += Math.max(0, p[jc]);
            den += positive(p);
        }
        v.put("tqa_colour_share_topk", den > 0 ? num / den : 0);

        LogitLens lens = new LogitLens(r0.unembedding());
        float[][] valueOut = new float[top.size()][];
        for (int i = 0; i < top.size(); i++) {
            valueOut[i] = r0.trace().headContributions(top.get(i).layer(), top.get(i).head())[jc];
        }
        v.put("tqa_value_mrr_colour", lens.meanReciprocalRank(valueOut, colour));
        v.put("tqa_value_mrr_random_colour", lens.meanReciprocalRank(valueOut, otherColour));
        float[][] firstOut = { valueOut[0] };
        v.put("tqa_value_rr_colour_top1", lens.meanReciprocalRank(firstOut, colour));
        v.put("tqa_value_rr_random_colour_top1", lens.meanReciprocalRank(firstOut, otherColour));

        float[][] in0 = layerInputs(r0.trace(), top, jc);
        v.put("tqa_s0_input_mrr_animal", lens.meanReciprocalRank(in0, animal));
        v.put("tqa_s0_input_mrr_other_animal", lens.meanReciprocalRank(in0, otherAnimal));

        Run r1 = text(vicuna, s1(c), c.question(false), c.answerPrefix(false), POSITIONS, sub.split(1));
        int jc1 = position(r1.ids(), colour, c.colour());
        LogitLens lens1 = new LogitLens(r1.unembedding());
        float[][] in1 = layerInputs(r1.trace(), top, jc1);
        v.put("tqa_s1_input_mrr_animal", lens1.meanReciprocalRank(in1, animal));
        v.put("tqa_s1_input_mrr_other_animal", lens1.meanReciprocalRank(in1, otherAnimal));

        Run r2 = text(vicuna, s1(c), c.question(true), c.answerPrefix(true), CaptureSpec.MINIMAL, sub.split(1));
        int jc2 = position(r2.ids(), colour, c.colour());
        attention(v, "tqa_s0_attn_colour", r0.trace(), top, new int[] { jc });
        attention(v, "tqa_s1_attn_colour", r1.trace(), top, new int[] { jc1 });
        attention(v, "tqa_s2_attn_colour", r2.trace(), top, new int[] { jc2 });
        return heads.raw();
    }

    private double[][] llavaTqa(ColorQaCase c, Map<String, Double> v, IProgressMonitor monitor) {
        int colour = llavaWords.require(c.colour());
        Run r = text(llava, s0(c), c.question(false), c.answerPrefix(false), CaptureSpec.MINIMAL, monitor);
        v.put("ltqa_correct", TraceExport.argmax(r.trace().logits()) == colour ? 1.0 : 0.0);
        return new LogProbIncrease(r.trace(), r.unembedding(), colour).headAndLayerScores().heads().raw();
    }

    private double[][] llavaVqa(ColorQaCase c, Map<String, Double> v, IProgressMonitor monitor) {
        SubMonitor sub = SubMonitor.convert(monitor, 2);
        Words w = llavaWords;
        int colour = w.require(c.colour());
        int otherColour = w.require(c.otherColour());
        int animal = w.require(c.animal());
        int otherAnimal = w.require(c.otherAnimal());
        PreprocessedImage pixels = llava.preprocess(c.image(), false);
        PreparedInput in = llava.prepare(pixels, llava.encode(PromptBuilder.llava(c.question(false), c.answerPrefix(false))));
        ForwardTrace t = llava.forward(in, POSITIONS, sub.split(1));
        FrozenNormUnembedding u = FrozenNormUnembedding.of(t);
        v.put("vqa_correct", TraceExport.argmax(t.logits()) == colour ? 1.0 : 0.0);
        LogProbIncrease e = new LogProbIncrease(t, u, colour);
        HeadScores heads = e.headAndLayerScores().heads();
        HeadId top1 = heads.top(1).get(0);
        ImageSpan span = t.imageSpan().orElseThrow();
        double[] pos = e.positionScores(top1);
        int[] topPositions = topImagePositions(pos, span, options.topPositions());

        float[][] contributions = t.headContributions(top1.layer(), top1.head());
        float[][] valueOut = new float[topPositions.length][];
        float[][] layerIn = new float[topPositions.length][];
        for (int i = 0; i < topPositions.length; i++) {
            valueOut[i] = contributions[topPositions[i]];
            layerIn[i] = t.residual(top1.layer(), topPositions[i]);
        }
        LogitLens lens = new LogitLens(u);
        v.put("vqa_value_mrr_colour", lens.meanReciprocalRank(valueOut, colour));
        v.put("vqa_value_mrr_random_colour", lens.meanReciprocalRank(valueOut, otherColour));
        v.put("vqa_input_mrr_animal", lens.meanReciprocalRank(layerIn, animal));
        v.put("vqa_input_mrr_other_animal", lens.meanReciprocalRank(layerIn, otherAnimal));

        float[] attention = t.attentionWeights(top1.layer(), top1.head());
        v.put("vqa_attn_top_positions", sum(attention, topPositions));
        PreparedInput asOther = llava.prepare(pixels,
                llava.encode(PromptBuilder.llava(c.question(true), c.answerPrefix(true))));
        ForwardTrace other = llava.forward(asOther, CaptureSpec.MINIMAL, sub.split(1));
        v.put("vqa_attn_top_positions_other_question", sum(other.attentionWeights(top1.layer(), top1.head()), topPositions));

        float[][] features = t.imageFeatures().orElseThrow();
        EmbeddingProjection embedding = new EmbeddingProjection(t.embedding());
        float[][] topFeatures = new float[topPositions.length][];
        for (int i = 0; i < topPositions.length; i++) {
            topFeatures[i] = features[topPositions[i] - span.start()];
        }
        double[][] scores = embedding.scores(topFeatures, EmbeddingProjection.Similarity.DOT);
        v.put("vqa_embed_mrr_colour", Mrr.of(ranks(scores, colour)));
        v.put("vqa_embed_mrr_animal", Mrr.of(ranks(scores, animal)));
        int[] random = randomPatches(span, topPositions.length, c.id());
        float[][] randomFeatures = new float[random.length][];
        for (int i = 0; i < random.length; i++) {
            randomFeatures[i] = features[random[i] - span.start()];
        }
        v.put("vqa_embed_mrr_colour_random_positions",
                Mrr.of(ranks(embedding.scores(randomFeatures, EmbeddingProjection.Similarity.DOT), colour)));
        if (monitor.isCanceled()) {
            throw new OperationCanceledException();
        }
        return heads.raw();
    }

    private static float[][] layerInputs(ForwardTrace t, List<HeadId> heads, int position) {
        float[][] out = new float[heads.size()][];
        for (int i = 0; i < heads.size(); i++) {
            out[i] = t.residual(heads.get(i).layer(), position);
        }
        return out;
    }

    private static void attention(Map<String, Double> v, String name, ForwardTrace t, List<HeadId> heads, int[] at) {
        double mean = 0;
        for (HeadId h : heads) {
            mean += sum(t.attentionWeights(h.layer(), h.head()), at);
        }
        v.put(name + "_top1", sum(t.attentionWeights(heads.get(0).layer(), heads.get(0).head()), at));
        v.put(name + "_topk", mean / heads.size());
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

    static int[] randomPatches(ImageSpan span, int k, String seed) {
        List<Integer> patches = new ArrayList<>();
        for (int p = 0; p < span.patchCount(); p++) {
            patches.add(span.patchPosition(p));
        }
        java.util.Collections.shuffle(patches, new Random(seed.hashCode()));
        return patches.subList(0, Math.min(k, patches.size())).stream().mapToInt(Integer::intValue).toArray();
    }

    /** 1-based ranks of {@code token} in each row (ties: lower id first, as {@code TopK.rank}). */
    static int[] ranks(double[][] scores, int token) {
        int[] out = new int[scores.length];
        for (int i = 0; i < scores.length; i++) {
            double s = scores[i][token];
            int rank = 1;
            for (int j = 0; j < scores[i].length; j++) {
                if (scores[i][j] > s || (scores[i][j] == s && j < token)) {
                    rank++;
                }
            }
            out[i] = rank;
        }
        return out;
    }

    private static int position(int[] ids, int token, String word) {
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == token) {
                return i;
            }
        }
        throw new IllegalArgumentException("'" + word + "' (id " + token + ") is not a token of the prompt "
                + Arrays.toString(ids));
    }

    private static double share(double[] p, int j) {
        double t = positive(p);
        return t > 0 ? Math.max(0, p[j]) / t : 0;
    }

    private static double positive(double[] p) {
        double t = 0;
        for (double x : p) {
            t += Math.max(0, x);
        }
        return t;
    }

    private static double sum(float[] a, int[] at) {
        double s = 0;
        for (int j : at) {
            s += a[j];
        }
        return s;
    }
}
