package org.llavalens.analysis.reference;

import static org.llavalens.analysis.reference.BrownDogFigures.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.eclipse.core.runtime.IProgressMonitor;
import org.llavalens.analysis.Words;
import org.llavalens.attribution.FrozenNormUnembedding;
import org.llavalens.attribution.HeadId;
import org.llavalens.attribution.HeadScores;
import org.llavalens.attribution.LogProbIncrease;
import org.llavalens.attribution.projection.LogitLens;
import org.llavalens.attribution.projection.TopK;
import org.llavalens.runtime.model.LoadedModel;
import org.llavalens.runtime.text.PromptBuilder;
import org.llavalens.runtime.trace.CaptureSpec;
import org.llavalens.runtime.trace.ForwardTrace;
import org.llavalens.runtime.trace.ImageSpan;

/**
 * Runs the notebook's brown-dog case on a model and sets each published figure ({@link BrownDogFigures})
 * beside ours, passed or failed at the stated tolerances. Only the real llava-1.5-7b-hf on the real
 * image can pass every check; any other model still runs through and shows where it differs.
 */
public final class BrownDogReference {

    /** One published figure beside ours. */
    public record Check(String figure, String published, String ours, boolean pass) {
    }

    /** Every check, in the order method.md §4 lists the figures. */
    public record Outcome(String model, List<Check> checks) {

        public Outcome {
            checks = List.copyOf(checks);
        }

        public long failed() {
            return checks.stream().filter(c -> !c.pass()).count();
        }

        public boolean allPass() {
            return failed() == 0;
        }
    }

    private BrownDogReference() {
    }

    public static Outcome run(LoadedModel model, Path image, IProgressMonitor monitor) {
        if (!model.config().isLlava()) {
            throw new IllegalArgumentException(model.folder() + " is not a LLaVA model");
        }
        Words words = new Words(model.tokenizer().orElseThrow(() -> new IllegalArgumentException(
                model.folder() + " has no tokenizer.json")));
        String prompt = PromptBuilder.llava(QUESTION, ANSWER_PREFIX);
        ForwardTrace t = model.forward(model.prepare(image, prompt, false), CaptureSpec.ATTRIBUTION.union(CaptureSpec.ALL_POSITIONS), monitor);
        List<Check> checks = new ArrayList<>();

        int[] ids = t.inputIds();
        Optional<ImageSpan> span = t.imageSpan();
        checks.add(new Check("image span", "[" + SPAN_START + ", " + SPAN_END + ")",
                span.map(s -> "[" + s.start() + ", " + s.end() + ")").orElse("none"),
                span.isPresent() && span.get().start() == SPAN_START && span.get().end() == SPAN_END));
        int[] before = Arrays.copyOf(ids, Math.min(ids.length, span.map(ImageSpan::start).orElse(0)));
        checks.add(new Check("ids before the image", join(IDS_BEFORE_IMAGE), join(before),
                Arrays.equals(IDS_BEFORE_IMAGE, before)));

        int[] top10 = TopK.ids(TopK.of(t.logits(), TOP10_NEXT_TOKENS.length));
        checks.add(new Check("top-10 next-token ids", join(TOP10_NEXT_TOKENS), join(top10) + " (" + texts(words, top10)
                + ")", Arrays.equals(TOP10_NEXT_TOKENS, top10)));

        int predicted = top10[0];
        FrozenNormUnembedding u = FrozenNormUnembedding.of(t);
        LogProbIncrease increase = new LogProbIncrease(t, u, predicted);
        HeadScores heads = increase.headAndLayerScores().heads();
        List<HeadId> ours = heads.top(TOP10_HEADS.size());
        for (int i = 0; i < TOP10_HEADS.size(); i++) {
            Head p = TOP10_HEADS.get(i);
            HeadId h = ours.get(i);
            double s = heads.score(h);
            checks.add(new Check("head #" + (i + 1) + " (|dS| <= " + HEAD_SCORE_TOLERANCE + ")", p.head() + " " + f4(p.score()),
                    h + " " + f4(s), h.equals(p.head()) && Math.abs(s - p.score()) <= HEAD_SCORE_TOLERANCE));
        }

        boolean hasHead = TOP_HEAD.layer() < t.model().numLayers() && TOP_HEAD.head() < t.model().numHeads();
        if (!hasHead) {
            checks.add(new Check("head " + TOP_HEAD + "'s positions", "3 positions", "the model has no head " + TOP_HEAD,
                    false));
            return new Outcome(model.folder().getFileName().toString(), checks);
        }
        double[] scores = increase.positionScores(TOP_HEAD);
        float[] attention = t.attentionWeights(TOP_HEAD.layer(), TOP_HEAD.head());
        float[][] values = t.headContributions(TOP_HEAD.layer(), TOP_HEAD.head());
        List<Integer> order = new ArrayList<>();
        for (int j = 0; j < scores.length; j++) {
            order.add(j);
        }
        order.sort((a, b) -> Double.compare(scores[b], scores[a]));
        LogitLens lens = new LogitLens(u);
        for (int i = 0; i < TOP_HEAD_POSITIONS.size(); i++) {
            Position p = TOP_HEAD_POSITIONS.get(i);
            int j = order.get(i);
            checks.add(new Check(TOP_HEAD + " position #" + (i + 1) + " (S within " + POSITION_SCORE_TOLERANCE
                    + ", attention within " + ATTENTION_TOLERANCE + ")", position(p.position(), p.score(), p.attention()),
                    position(j, scores[j], attention[j]), j == p.position()
                            && Math.abs(scores[j] - p.score()) <= POSITION_SCORE_TOLERANCE
                            && Math.abs(attention[j] - p.attention()) <= ATTENTION_TOLERANCE));
            String input = words.text(lens.topK(t.residual(TOP_HEAD.layer(), j), 1).get(0).id());
            checks.add(new Check("logit lens of the layer input at position " + j, LAYER_INPUT_TOKEN, input,
                    input.equals(LAYER_INPUT_TOKEN)));
            String value = words.text(lens.topK(values[j], 1).get(0).id());
            checks.add(new Check("value output c_j at position " + j, "Brown/brown", value,
                    value.equalsIgnoreCase(VALUE_OUTPUT_TOKEN)));
        }
        return new Outcome(model.folder().getFileName().toString(), checks);
    }

    private static String position(int j, double s, double a) {
        return String.format(Locale.ROOT, "%d S=%+.4f a=%.4f", j, s, a);
    }

    private static String f4(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static String join(int[] ids) {
        return String.join(" ", Arrays.stream(ids).mapToObj(Integer::toString).toList());
    }

    private static String texts(Words words, int[] ids) {
        return String.join(" ", Arrays.stream(ids).mapToObj(words::text).toList());
    }
}
