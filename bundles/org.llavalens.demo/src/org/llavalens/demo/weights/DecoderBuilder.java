package org.llavalens.demo.weights;

import static org.llavalens.demo.DemoArchitecture.HEADS;
import static org.llavalens.demo.DemoArchitecture.HEAD_DIM;
import static org.llavalens.demo.DemoArchitecture.HIDDEN;
import static org.llavalens.demo.DemoArchitecture.LAYERS;
import static org.llavalens.demo.DemoArchitecture.MLP;
import static org.llavalens.demo.DemoArchitecture.ROPE_THETA;

import java.util.List;

import org.llavalens.demo.Color;
import org.llavalens.demo.DemoVocabulary;
import org.llavalens.demo.PlantedHeads;
import org.llavalens.demo.PlantedHeads.Head;
import org.llavalens.demo.Species;

/**
 * The LLaMA decoder shared by the demo LLaVA and its Vicuna counterpart. The planted heads are
 * identical in both; the noise heads and MLPs of LLaVA are Vicuna's plus a small "fine-tuning"
 * perturbation, so comparisons show shared planted heads among differing noise.
 *
 * <p>All planted queries and keys sit in rotary pairs 6 and 7, which turn by less than 0.004 rad
 * over 600 positions at theta 1e7; the positional head uses pairs 0..3 on purpose.
 */
final class DecoderBuilder {

    /** Softmax logit gap of the mover and color heads: about 15 is needed against 600 positions. */
    static final double CONTENT_GAP = 20;
    static final double SINK_GAP = 14;
    /** Logit gains of the positional head in rotary pairs 0..3 (margin about 11.8 up to 1200 tokens). */
    static final double[] POSITIONAL_GAINS = { 25, 40, 40, 40 };
    /** lm_head's bias (through the constant) that lifts color words above every other word. */
    static final double COLOR_WORD_BIAS = 8;
    /** Logit gap, in nats, between the closest two palette colors for an exact centroid. */
    static final double CLOSEST_COLOR_GAP = 8;
    private static final double JUNK = 0.3;
    /** Output scale of the noise heads: gives them scores around a tenth of the color head's. */
    static final double NOISE_OUT = 0.75;

    /** Key/query slots of the color head, one per species, in the slowest rotary pairs. */
    private static final int[] SPECIES_SLOTS = { 7, 7 + HEAD_DIM / 2, 6 };
    private static final int SLOW = 7;

    private final String modelPrefix;
    private final String lmHeadName;
    private final List<String> vocabulary;
    private final double noise;
    private final long seed;
    private final double finetune;
    private final long finetuneSeed;
    private final double normConst = Math.sqrt(HIDDEN);

    /**
     * @param modelPrefix e.g. {@code language_model.model.} or {@code model.}
     * @param finetune    relative size of the second noise draw added to attention and MLP noise
     */
    DecoderBuilder(String modelPrefix, String lmHeadName, List<String> vocabulary, double noise, long seed,
            double finetune, long finetuneSeed) {
        this.modelPrefix = modelPrefix;
        this.lmHeadName = lmHeadName;
        this.vocabulary = vocabulary;
        this.noise = noise;
        this.seed = seed;
        this.finetune = finetune;
        this.finetuneSeed = finetuneSeed;
    }

    void build(TensorSink sink) {
        embeddings().putMatrix(sink, modelPrefix + "embed_tokens.weight");
        for (int l = 0; l < LAYERS; l++) {
            String p = modelPrefix + "layers." + l + ".";
            rmsWeight().putVector(sink, p + "input_layernorm.weight");
            attention(sink, l, p + "self_attn.");
            rmsWeight().putVector(sink, p + "post_attention_layernorm.weight");
            mlp(sink, l, p + "mlp.");
        }
        rmsWeight().putVector(sink, modelPrefix + "norm.weight");
        lmHead().putMatrix(sink, lmHeadName);
    }

    /** Noise drawn per tensor from its name relative to the model prefix, so both models share it. */
    private final class Draw {
        final Gaussian a;
        final Gaussian b;

        Draw(String suffix) {
            long h = suffix.hashCode();
            a = new Gaussian(seed * 0x9E3779B97F4A7C15L + h);
            b = new Gaussian(finetuneSeed * 0x9E3779B97F4A7C15L + h);
        }

        /** Attention and MLP noise: LLaVA's is Vicuna's plus {@code finetune} times an independent draw. */
        double next() {
            double za = a.next();
            double zb = b.next();
            return za + finetune * zb;
        }

        /** A draw without the fine-tuning part: embeddings and lm_head are the same in both models. */
        double base() {
            b.next();
            return a.next();
        }
    }

    /**
     * One projection of a layer: its matrix, the noise drawn for it (seeded by its name relative to
     * the model prefix, so both models draw the same), and where it is stored.
     */
    private final class Projection {
        final Mat mat;
        final Draw draw;
        final String name;

        Projection(String layerPrefix, String role, int rows, int cols) {
            this.mat = new Mat(rows, cols);
            this.draw = new Draw(layerPrefix.substring(modelPrefix.length()) + role);
            this.name = layerPrefix + role;
        }

        void put(TensorSink sink) {
            mat.putMatrix(sink, name);
        }
    }

    private Mat rmsWeight() {
        Mat w = Mat.vector(HIDDEN);
        w.fill(TextLayout.CT / normConst);
        w.set(TextLayout.CONST, 1);
        return w;
    }

    private Mat embeddings() {
        Mat e = new Mat(vocabulary.size(), HIDDEN);
        Draw d = new Draw("embed_tokens.weight");
        for (int t = 0; t < vocabulary.size(); t++) {
            e.set(t, TextLayout.CONST, TextLayout.CT);
            for (int c = TextLayout.FREE; c < HIDDEN; c++) {
                double z = d.base();
                if (!vocabulary.get(t).equals(DemoVocabulary.IMAGE)) {
                    e.set(t, c, noise * z);
                }
            }
        }
        e.set(DemoVocabulary.bosId(), TextLayout.BOS, 1);
        for (Species s : Species.values()) {
            e.set(DemoVocabulary.id(s), TextLayout.ANIMAL + s.ordinal(), 1);
        }
        // A color word looks to the color head like a patch of that color that belongs to every
        // species: in text QA the same head reads the color from the context.
        for (Color c : Color.values()) {
            int t = DemoVocabulary.id(c);
            e.set(t, TextLayout.VISUAL, 1);
            for (int s = 0; s < 3; s++) {
                e.set(t, TextLayout.SPECIES + s, 1);
            }
            double[] mu = c.centroid();
            for (int ch = 0; ch < 3; ch++) {
                e.set(t, TextLayout.RGB + ch, mu[ch]);
            }
        }
        return e;
    }

    private Mat lmHead() {
        Mat w = new Mat(vocabulary.size(), HIDDEN);
        Draw d = new Draw("lm_head.weight");
        for (int t = 0; t < vocabulary.size(); t++) {
            for (int c = TextLayout.FREE; c < HIDDEN; c++) {
                w.set(t, c, 0.15 * d.base());
            }
        }
        double gain = colorGain();
        for (Color c : Color.values()) {
            int t = DemoVocabulary.id(c);
            w.set(t, TextLayout.CONST, COLOR_WORD_BIAS / normConst);
            w.set(t, TextLayout.COLOR + c.ordinal(), gain);
        }
        return w;
    }

    /** lm_head's gain on color scores: the closest palette pair is CLOSEST_COLOR_GAP nats apart. */
    static double colorGain() {
        double min = Double.MAX_VALUE;
        for (Color a : Color.values()) {
            for (Color b : Color.values()) {
                if (a != b) {
                    double[] x = a.centroid();
                    double[] y = b.centroid();
                    double s = 0;
                    for (int i = 0; i < 3; i++) {
                        s += (x[i] - y[i]) * (x[i] - y[i]);
                    }
                    min = Math.min(min, s / 2);
                }
            }
        }
        return CLOSEST_COLOR_GAP / min;
    }

    private void attention(TensorSink sink, int layer, String p) {
        Projection pq = new Projection(p, "q_proj.weight", HIDDEN, HIDDEN);
        Projection pk = new Projection(p, "k_proj.weight", HIDDEN, HIDDEN);
        Projection pv = new Projection(p, "v_proj.weight", HIDDEN, HIDDEN);
        Projection po = new Projection(p, "o_proj.weight", HIDDEN, HIDDEN);
        Mat q = pq.mat;
        Mat k = pk.mat;
        Mat v = pv.mat;
        Mat o = po.mat;
        int free = HIDDEN - TextLayout.FREE;
        for (int h = 0; h < HEADS; h++) {
            // Drawn for every head, used only for the noise heads, so that planting a head never
            // shifts the noise of another.
            for (int i = 0; i < HEAD_DIM; i++) {
                int r = h * HEAD_DIM + i;
                boolean use = !PlantedHeads.isPlanted(layer, h);
                double cq = pq.draw.next();
                double ck = pk.draw.next();
                if (use) {
                    q.set(r, TextLayout.CONST, 0.2 * noise * cq);
                    k.set(r, TextLayout.CONST, 0.2 * noise * ck);
                }
                for (int c = TextLayout.FREE; c < HIDDEN; c++) {
                    double zq = pq.draw.next();
                    double zk = pk.draw.next();
                    double zv = pv.draw.next();
                    double zo = po.draw.next();
                    if (use) {
                        q.set(r, c, 2 * noise * zq / Math.sqrt(free));
                        k.set(r, c, 2 * noise * zk / Math.sqrt(free));
                        v.set(r, c, zv / Math.sqrt(free));
                        o.set(c, r, NOISE_OUT * noise * zo / Math.sqrt(HEAD_DIM));
                    }
                }
            }
        }
        for (Head h : PlantedHeads.SINKS) {
            if (h.layer() == layer) {
                sink(h.head(), q, k, v, o);
            }
        }
        if (PlantedHeads.MOVER.layer() == layer) {
            mover(PlantedHeads.MOVER.head(), q, k, v, o);
        }
        if (PlantedHeads.COLOR.layer() == layer) {
            color(PlantedHeads.COLOR.head(), q, k, v, o);
        }
        if (PlantedHeads.POSITIONAL.layer() == layer) {
            positional(PlantedHeads.POSITIONAL.head(), q, k, v, o);
        }
        for (Projection projection : new Projection[] {pq, pk, pv, po}) {
            projection.put(sink);
        }
    }

    /** Query and key gain so that q.k / sqrt(head_dim) equals {@code gap} for unit features. */
    private static double gain(double gap) {
        return Math.sqrt(gap * Math.sqrt(HEAD_DIM));
    }

    /** Constant query; key 1 on any animal word and 1/2 on BOS; copies the animal word into ASKED. */
    private void mover(int h, Mat q, Mat k, Mat v, Mat o) {
        int base = h * HEAD_DIM;
        double a = gain(CONTENT_GAP);
        q.set(base + SLOW, TextLayout.CONST, a / normConst);
        for (int s = 0; s < 3; s++) {
            k.set(base + SLOW, TextLayout.ANIMAL + s, a);
            v.set(base + s, TextLayout.ANIMAL + s, 1);
            o.set(TextLayout.ASKED + s, base + s, 1);
        }
        k.set(base + SLOW, TextLayout.BOS, a / 2);
    }

    /**
     * Query ASKED[s], key species flag[s]: logit CONTENT_GAP on the asked animal's patches. Values
     * (r, g, b, visual) and W_O rows (mu_c, -|mu_c|^2/2) write a nearest-centroid score per color,
     * of the attention-weighted mean color.
     */
    private void color(int h, Mat q, Mat k, Mat v, Mat o) {
        int base = h * HEAD_DIM;
        double a = gain(CONTENT_GAP);
        for (int s = 0; s < 3; s++) {
            q.set(base + SPECIES_SLOTS[s], TextLayout.ASKED + s, a);
            k.set(base + SPECIES_SLOTS[s], TextLayout.SPECIES + s, a);
        }
        for (int ch = 0; ch < 3; ch++) {
            v.set(base + ch, TextLayout.RGB + ch, 1);
        }
        v.set(base + 3, TextLayout.VISUAL, 1);
        for (Color c : Color.values()) {
            double[] mu = c.centroid();
            double sq = 0;
            for (int ch = 0; ch < 3; ch++) {
                o.set(TextLayout.COLOR + c.ordinal(), base + ch, mu[ch]);
                sq += mu[ch] * mu[ch];
            }
            o.set(TextLayout.COLOR + c.ordinal(), base + 3, -sq / 2);
        }
    }

    /** Constant query; key on the sink flag (BOS at half the gap); writes a constant nobody reads. */
    private void sink(int h, Mat q, Mat k, Mat v, Mat o) {
        int base = h * HEAD_DIM;
        double a = gain(SINK_GAP);
        q.set(base + SLOW, TextLayout.CONST, a / normConst);
        k.set(base + SLOW, TextLayout.SINK, a);
        k.set(base + SLOW, TextLayout.BOS, a / 2);
        v.set(base, TextLayout.CONST, 1 / normConst);
        o.set(TextLayout.SINK_JUNK, base, JUNK);
    }

    /**
     * Previous-token head: query and key both come from the constant, in rotary pairs 0..3, with the
     * query turned back by one position's angle, so q.k peaks at relative position 1. A runtime with a
     * wrong RoPE (no rotation, interleaved pairs, flipped sign) loses the pattern.
     */
    private void positional(int h, Mat q, Mat k, Mat v, Mat o) {
        int base = h * HEAD_DIM;
        int half = HEAD_DIM / 2;
        for (int j = 0; j < POSITIONAL_GAINS.length; j++) {
            double a = gain(POSITIONAL_GAINS[j]);
            double omega = StrictMath.pow(ROPE_THETA, -2.0 * j / HEAD_DIM);
            q.set(base + j, TextLayout.CONST, a * StrictMath.cos(omega) / normConst);
            q.set(base + j + half, TextLayout.CONST, -a * StrictMath.sin(omega) / normConst);
            k.set(base + j, TextLayout.CONST, a / normConst);
        }
        v.set(base, TextLayout.CONST, 1 / normConst);
        o.set(TextLayout.POSITION_JUNK, base, JUNK);
    }

    private void mlp(TensorSink sink, int layer, String p) {
        Projection gate = new Projection(p, "gate_proj.weight", MLP, HIDDEN);
        Projection up = new Projection(p, "up_proj.weight", MLP, HIDDEN);
        Projection down = new Projection(p, "down_proj.weight", HIDDEN, MLP);
        for (int u = 0; u < MLP; u++) {
            for (int c = TextLayout.FREE; c < HIDDEN; c++) {
                gate.mat.set(u, c, 0.1 * gate.draw.next());
                up.mat.set(u, c, 0.1 * up.draw.next());
                down.mat.set(c, u, 0.02 * noise * down.draw.next());
            }
        }
        gate.put(sink);
        up.put(sink);
        down.put(sink);
    }
}
