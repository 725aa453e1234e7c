package org.llavalens.demo.weights;

import static org.llavalens.demo.DemoArchitecture.PATCH;
import static org.llavalens.demo.DemoArchitecture.PATCHES;
import static org.llavalens.demo.DemoArchitecture.SINK_PATCH;
import static org.llavalens.demo.DemoArchitecture.VISION_HIDDEN;
import static org.llavalens.demo.DemoArchitecture.VISION_LAYERS;
import static org.llavalens.demo.DemoArchitecture.VISION_MLP;
import static org.llavalens.demo.weights.VisionLayout.minus;
import static org.llavalens.demo.weights.VisionLayout.plus;

import org.llavalens.demo.ClipNormalisation;
import org.llavalens.demo.Species;

/**
 * The CLIP tower of the demo: a patch conv of matched filters (species textures, channel means), a
 * sink flag from the position embedding, and in layer 0 an MLP that turns raw species scores into
 * clean 0/1 flags. Layer 0's output is what LLaVA reads ({@code vision_feature_layer = -2}); layer 1
 * and {@code post_layernorm} are random, so a runtime that reads the wrong layer answers wrongly.
 */
final class VisionTowerBuilder {

    private static final String P = "vision_tower.vision_model.";
    /** LayerNorm gain that undoes the division by the RMS of the +-100 pair: 100 * sqrt(2/32). */
    private static final double LN_GAIN = VisionLayout.CONST * Math.sqrt(2.0 / VISION_HIDDEN);
    /** Texture half-amplitude (8-bit units) for which a matched filter reports exactly 1. */
    static final double UNIT_AMPLITUDE = 24;
    /** Step MLP: clean = [qg(STEEP (s - LOW)) - qg(STEEP (s - HIGH))] / (STEEP (HIGH - LOW)). */
    private static final double STEEP = 20;
    private static final double LOW = 0.25;
    private static final double HIGH = 0.75;
    /** Scale of layer 1's random weights: large enough to scramble every feature it touches. */
    private static final double RANDOM_LAYER_GAIN = 3.0;

    private final double noise;
    private final Gaussian g;

    VisionTowerBuilder(double noise, long seed) {
        this.noise = noise;
        this.g = new Gaussian(seed);
    }

    void build(TensorSink sink) {
        Mat classEmbedding = Mat.vector(VISION_HIDDEN);
        classEmbedding.putVector(sink, P + "embeddings.class_embedding");
        patchConv().putConv(sink);
        positionEmbedding().putMatrix(sink, P + "embeddings.position_embedding.weight");
        layerNorm(sink, P + "pre_layrnorm", LN_GAIN);
        plantedLayer(sink, P + "encoder.layers.0.");
        for (int l = 1; l < VISION_LAYERS; l++) {
            randomLayer(sink, P + "encoder.layers." + l + ".");
        }
        randomLayerNorm(sink, P + "post_layernorm");
    }

    private static final class Conv {
        final double[] w = new double[VISION_HIDDEN * 3 * PATCH * PATCH];

        void add(int out, int ch, int y, int x, double v) {
            w[((out * 3 + ch) * PATCH + y) * PATCH + x] += v;
        }

        void putConv(TensorSink sink) {
            float[] f = new float[w.length];
            for (int i = 0; i < w.length; i++) {
                f[i] = (float) w[i];
            }
            sink.put(P + "embeddings.patch_embedding.weight", new long[] { VISION_HIDDEN, 3, PATCH, PATCH }, f);
        }
    }

    /**
     * A species filter is its texture times each channel's std, so that a texture of half-amplitude
     * {@link #UNIT_AMPLITUDE} added to all channels scores 1, and a flat color or another species'
     * texture scores exactly 0. Channel means average one channel over the patch.
     */
    private Conv patchConv() {
        Conv c = new Conv();
        int area = PATCH * PATCH;
        double beta = 1 / (ClipNormalisation.RESCALE * UNIT_AMPLITUDE * area);
        for (Species s : Species.values()) {
            int f = VisionLayout.SPECIES_RAW + s.ordinal();
            for (int ch = 0; ch < 3; ch++) {
                for (int y = 0; y < PATCH; y++) {
                    for (int x = 0; x < PATCH; x++) {
                        double v = beta * s.texture(y, x, PATCH) * ClipNormalisation.STD[ch] / 3;
                        c.add(plus(f), ch, y, x, v);
                        c.add(minus(f), ch, y, x, -v);
                    }
                }
            }
        }
        for (int ch = 0; ch < 3; ch++) {
            int f = VisionLayout.RGB + ch;
            for (int y = 0; y < PATCH; y++) {
                for (int x = 0; x < PATCH; x++) {
                    c.add(plus(f), ch, y, x, 1.0 / area);
                    c.add(minus(f), ch, y, x, -1.0 / area);
                }
            }
        }
        return c;
    }

    private static Mat positionEmbedding() {
        Mat m = new Mat(PATCHES + 1, VISION_HIDDEN);
        for (int p = 0; p <= PATCHES; p++) {
            m.set(p, VisionLayout.CONST_POS, VisionLayout.CONST);
            m.set(p, VisionLayout.CONST_NEG, -VisionLayout.CONST);
        }
        int sinkRow = 1 + SINK_PATCH;
        m.set(sinkRow, plus(VisionLayout.SINK), 1);
        m.set(sinkRow, minus(VisionLayout.SINK), -1);
        return m;
    }

    private void plantedLayer(TensorSink sink, String p) {
        layerNorm(sink, p + "layer_norm1", LN_GAIN);
        noiseAttention(sink, p + "self_attn.");
        layerNorm(sink, p + "layer_norm2", LN_GAIN);
        Mat fc1 = new Mat(VISION_MLP, VISION_HIDDEN);
        Mat b1 = Mat.vector(VISION_MLP);
        Mat fc2 = new Mat(VISION_HIDDEN, VISION_MLP);
        Mat b2 = Mat.vector(VISION_HIDDEN);
        double scale = STEEP * (HIGH - LOW);
        for (Species s : Species.values()) {
            int raw = VisionLayout.SPECIES_RAW + s.ordinal();
            int clean = VisionLayout.SPECIES_CLEAN + s.ordinal();
            int lo = 2 * s.ordinal();
            int hi = lo + 1;
            for (int u : new int[] { lo, hi }) {
                // Read (+s - (-s)) / 2 so that the pair's rounding cancels.
                fc1.set(u, plus(raw), STEEP / 2);
                fc1.set(u, minus(raw), -STEEP / 2);
            }
            b1.set(lo, -STEEP * LOW);
            b1.set(hi, -STEEP * HIGH);
            fc2.set(plus(clean), lo, 1 / scale);
            fc2.set(plus(clean), hi, -1 / scale);
            fc2.set(minus(clean), lo, -1 / scale);
            fc2.set(minus(clean), hi, 1 / scale);
        }
        fc1.putMatrix(sink, p + "mlp.fc1.weight");
        b1.putVector(sink, p + "mlp.fc1.bias");
        fc2.putMatrix(sink, p + "mlp.fc2.weight");
        b2.putVector(sink, p + "mlp.fc2.bias");
    }

    /**
     * Layer 0's attention reads the features and writes only paired noise into the noise dimensions,
     * which nothing downstream reads.
     */
    private void noiseAttention(TensorSink sink, String p) {
        int featureDims = 2 * VisionLayout.FEATURES;
        for (String name : new String[] { "q_proj", "k_proj", "v_proj" }) {
            Mat w = new Mat(VISION_HIDDEN, VISION_HIDDEN);
            for (int r = 0; r < VISION_HIDDEN; r++) {
                for (int c = 2; c < 2 + featureDims; c++) {
                    w.set(r, c, 0.2 * noise * g.next());
                }
            }
            w.putMatrix(sink, p + name + ".weight");
            Mat.vector(VISION_HIDDEN).putVector(sink, p + name + ".bias");
        }
        Mat out = new Mat(VISION_HIDDEN, VISION_HIDDEN);
        for (int d = VisionLayout.NOISE; d + 1 < VISION_HIDDEN; d += 2) {
            for (int c = 0; c < VISION_HIDDEN; c++) {
                double v = 0.5 * noise * g.next() / Math.sqrt(VISION_HIDDEN);
                out.set(d, c, v);
                out.set(d + 1, c, -v);
            }
        }
        out.putMatrix(sink, p + "out_proj.weight");
        Mat.vector(VISION_HIDDEN).putVector(sink, p + "out_proj.bias");
    }

    private void randomLayer(TensorSink sink, String p) {
        randomLayerNorm(sink, p + "layer_norm1");
        for (String name : new String[] { "q_proj", "k_proj", "v_proj", "out_proj" }) {
            randomLinear(sink, p + "self_attn." + name, VISION_HIDDEN, VISION_HIDDEN);
        }
        randomLayerNorm(sink, p + "layer_norm2");
        randomLinear(sink, p + "mlp.fc1", VISION_MLP, VISION_HIDDEN);
        randomLinear(sink, p + "mlp.fc2", VISION_HIDDEN, VISION_MLP);
    }

    private void randomLinear(TensorSink sink, String name, int out, int in) {
        Mat w = new Mat(out, in);
        for (int i = 0; i < w.a.length; i++) {
            w.a[i] = RANDOM_LAYER_GAIN * g.next() / Math.sqrt(in);
        }
        Mat b = Mat.vector(out);
        for (int i = 0; i < out; i++) {
            b.a[i] = 0.1 * g.next();
        }
        w.putMatrix(sink, name + ".weight");
        b.putVector(sink, name + ".bias");
    }

    private void randomLayerNorm(TensorSink sink, String name) {
        Mat w = Mat.vector(VISION_HIDDEN);
        Mat b = Mat.vector(VISION_HIDDEN);
        for (int i = 0; i < VISION_HIDDEN; i++) {
            w.a[i] = 1 + 0.2 * g.next();
            b.a[i] = 0.1 * g.next();
        }
        w.putVector(sink, name + ".weight");
        b.putVector(sink, name + ".bias");
    }

    private static void layerNorm(TensorSink sink, String name, double gain) {
        Mat w = Mat.vector(VISION_HIDDEN);
        w.fill(gain);
        w.putVector(sink, name + ".weight");
        Mat.vector(VISION_HIDDEN).putVector(sink, name + ".bias");
    }
}
