package org.llavalens.demo;

import java.awt.image.BufferedImage;

import org.llavalens.demo.weights.TensorSet;

/**
 * An independent float64 forward pass of the demo LLaVA / Vicuna (method.md §1) with the last-position
 * quantities attribution needs (method.md §2). It exists to check the construction itself, in
 * development and against deliberately broken RoPE variants the product runtime cannot be asked to run.
 */
final class ReferenceForward {

    /** How rotary embeddings are applied: correctly (HF rotate_half), not at all, or interleaved. */
    enum Rope {
        HF, NONE, INTERLEAVED
    }

    private final TensorSet w;
    private final String lm;
    private final String lmHead;
    private final int d;
    private final int layers;
    private final int heads;
    private final int hd;
    private final double theta;
    private final double eps;
    private final Rope rope;

    ReferenceForward(TensorSet weights, boolean llava, Rope rope) {
        this.w = weights;
        this.lm = llava ? "language_model.model." : "model.";
        this.lmHead = llava ? "language_model.lm_head.weight" : "lm_head.weight";
        this.d = DemoArchitecture.HIDDEN;
        this.layers = DemoArchitecture.LAYERS;
        this.heads = DemoArchitecture.HEADS;
        this.hd = DemoArchitecture.HEAD_DIM;
        this.theta = DemoArchitecture.ROPE_THETA;
        this.eps = DemoArchitecture.RMS_EPS;
        this.rope = rope;
    }

    private double[] t(String name) {
        float[] f = w.get(name).data();
        double[] out = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = f[i];
        }
        return out;
    }

    /** y = W x (+ b), W [out][in] row-major. */
    static double[] linear(double[] wt, double[] b, double[] x, int out, int in) {
        double[] y = new double[out];
        for (int o = 0; o < out; o++) {
            double s = b == null ? 0 : b[o];
            int base = o * in;
            for (int i = 0; i < in; i++) {
                s += wt[base + i] * x[i];
            }
            y[o] = s;
        }
        return y;
    }

    // ---------------------------------------------------------------- vision

    static double[][][] pixels(BufferedImage img) {
        int h = img.getHeight();
        int wd = img.getWidth();
        double[][][] px = new double[3][h][wd];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < wd; x++) {
                int rgb = img.getRGB(x, y);
                for (int c = 0; c < 3; c++) {
                    int v = (rgb >> (16 - 8 * c)) & 0xff;
                    px[c][y][x] = ClipNormalisation.normalise(v, c);
                }
            }
        }
        return px;
    }

    private static double[] layerNorm(double[] x, double[] g, double[] b, double eps) {
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= x.length;
        double var = 0;
        for (double v : x) {
            var += (v - mean) * (v - mean);
        }
        var /= x.length;
        double inv = 1 / Math.sqrt(var + eps);
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (x[i] - mean) * inv * g[i] + b[i];
        }
        return y;
    }

    /** All vision hidden states hs[0..Lv], each [577][Dv]. */
    double[][][] visionHiddenStates(double[][][] px) {
        String p = "vision_tower.vision_model.";
        int dv = DemoArchitecture.VISION_HIDDEN;
        int patch = DemoArchitecture.PATCH;
        int grid = DemoArchitecture.GRID;
        int n = grid * grid + 1;
        double[] conv = t(p + "embeddings.patch_embedding.weight");
        double[] cls = t(p + "embeddings.class_embedding");
        double[] pos = t(p + "embeddings.position_embedding.weight");
        double[][] x = new double[n][dv];
        for (int k = 0; k < n; k++) {
            if (k == 0) {
                System.arraycopy(cls, 0, x[0], 0, dv);
            } else {
                int py = (k - 1) / grid;
                int pxx = (k - 1) % grid;
                for (int o = 0; o < dv; o++) {
                    double s = 0;
                    for (int c = 0; c < 3; c++) {
                        for (int y = 0; y < patch; y++) {
                            int base = ((o * 3 + c) * patch + y) * patch;
                            double[] row = px[c][py * patch + y];
                            for (int xx = 0; xx < patch; xx++) {
                                s += conv[base + xx] * row[pxx * patch + xx];
                            }
                        }
                    }
                    x[k][o] = s;
                }
            }
            for (int o = 0; o < dv; o++) {
                x[k][o] += pos[k * dv + o];
            }
        }
        double eps = DemoArchitecture.VISION_LN_EPS;
        double[] g0 = t(p + "pre_layrnorm.weight");
        double[] b0 = t(p + "pre_layrnorm.bias");
        for (int k = 0; k < n; k++) {
            x[k] = layerNorm(x[k], g0, b0, eps);
        }
        double[][][] hs = new double[DemoArchitecture.VISION_LAYERS + 1][][];
        hs[0] = copy(x);
        int vh = DemoArchitecture.VISION_HEADS;
        int vhd = dv / vh;
        for (int l = 0; l < DemoArchitecture.VISION_LAYERS; l++) {
            String q = p + "encoder.layers." + l + ".";
            double[] g1 = t(q + "layer_norm1.weight");
            double[] b1 = t(q + "layer_norm1.bias");
            double[] wq = t(q + "self_attn.q_proj.weight");
            double[] bq = t(q + "self_attn.q_proj.bias");
            double[] wk = t(q + "self_attn.k_proj.weight");
            double[] bk = t(q + "self_attn.k_proj.bias");
            double[] wv = t(q + "self_attn.v_proj.weight");
            double[] bv = t(q + "self_attn.v_proj.bias");
            double[] wo = t(q + "self_attn.out_proj.weight");
            double[] bo = t(q + "self_attn.out_proj.bias");
            double[][] qs = new double[n][];
            double[][] ks = new double[n][];
            double[][] vs = new double[n][];
            for (int k = 0; k < n; k++) {
                double[] h = layerNorm(x[k], g1, b1, eps);
                qs[k] = linear(wq, bq, h, dv, dv);
                for (int i = 0; i < dv; i++) {
                    qs[k][i] *= 1 / Math.sqrt(vhd);
                }
                ks[k] = linear(wk, bk, h, dv, dv);
                vs[k] = linear(wv, bv, h, dv, dv);
            }
            double[][] attn = new double[n][dv];
            double[] logits = new double[n];
            for (int hh = 0; hh < vh; hh++) {
                for (int i = 0; i < n; i++) {
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < n; j++) {
                        double s = 0;
                        for (int e = hh * vhd; e < (hh + 1) * vhd; e++) {
                            s += qs[i][e] * ks[j][e];
                        }
                        logits[j] = s;
                        max = Math.max(max, s);
                    }
                    double z = 0;
                    for (int j = 0; j < n; j++) {
                        logits[j] = Math.exp(logits[j] - max);
                        z += logits[j];
                    }
                    for (int j = 0; j < n; j++) {
                        double a = logits[j] / z;
                        for (int e = hh * vhd; e < (hh + 1) * vhd; e++) {
                            attn[i][e] += a * vs[j][e];
                        }
                    }
                }
            }
            double[] g2 = t(q + "layer_norm2.weight");
            double[] b2 = t(q + "layer_norm2.bias");
            double[] w1 = t(q + "mlp.fc1.weight");
            double[] c1 = t(q + "mlp.fc1.bias");
            double[] w2 = t(q + "mlp.fc2.weight");
            double[] c2 = t(q + "mlp.fc2.bias");
            int mlp = DemoArchitecture.VISION_MLP;
            for (int k = 0; k < n; k++) {
                double[] o = linear(wo, bo, attn[k], dv, dv);
                for (int i = 0; i < dv; i++) {
                    x[k][i] += o[i];
                }
                double[] h = linear(w1, c1, layerNorm(x[k], g2, b2, eps), mlp, dv);
                for (int i = 0; i < mlp; i++) {
                    h[i] = h[i] / (1 + Math.exp(-1.702 * h[i]));
                }
                double[] f = linear(w2, c2, h, dv, mlp);
                for (int i = 0; i < dv; i++) {
                    x[k][i] += f[i];
                }
            }
            hs[l + 1] = copy(x);
        }
        return hs;
    }

    /** Projected image features [576][D] from hidden state {@code featureLayer} (negative from the end). */
    double[][] imageFeatures(BufferedImage img, int featureLayer) {
        double[][][] hs = visionHiddenStates(pixels(img));
        double[][] sel = hs[featureLayer < 0 ? hs.length + featureLayer : featureLayer];
        int dv = DemoArchitecture.VISION_HIDDEN;
        int ph = DemoArchitecture.PROJECTOR_HIDDEN;
        double[] w1 = t("multi_modal_projector.linear_1.weight");
        double[] b1 = t("multi_modal_projector.linear_1.bias");
        double[] w2 = t("multi_modal_projector.linear_2.weight");
        double[] b2 = t("multi_modal_projector.linear_2.bias");
        double[][] out = new double[sel.length - 1][];
        for (int k = 1; k < sel.length; k++) {
            double[] h = linear(w1, b1, sel[k], ph, dv);
            for (int i = 0; i < ph; i++) {
                h[i] = 0.5 * h[i] * (1 + erf(h[i] / Math.sqrt(2)));
            }
            out[k - 1] = linear(w2, b2, h, d, ph);
        }
        return out;
    }

    /** erf with 1e-15-level accuracy (series / continued fraction), enough for a float64 reference. */
    static double erf(double x) {
        if (x < 0) {
            return -erf(-x);
        }
        if (x < 3) {
            double sum = x;
            double term = x;
            double x2 = x * x;
            for (int n = 1; n < 200; n++) {
                term *= -x2 / n;
                double add = term / (2 * n + 1);
                sum += add;
                if (Math.abs(add) < 1e-17 * Math.abs(sum)) {
                    break;
                }
            }
            return 2 / Math.sqrt(Math.PI) * sum;
        }
        // erfc continued fraction (Lentz)
        double tiny = 1e-300;
        double f = x;
        double c = x;
        double dd = 0;
        for (int n = 1; n < 300; n++) {
            double an = n / 2.0;
            dd = x + an * dd;
            dd = dd == 0 ? tiny : 1 / dd;
            c = x + an / c;
            double delta = c * dd;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-16) {
                break;
            }
        }
        double erfc = Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
        return 1 - erfc;
    }

    private static double[][] copy(double[][] x) {
        double[][] y = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i].clone();
        }
        return y;
    }

    // ---------------------------------------------------------------- decoder

    /** What the attribution method reads at the last position. */
    static final class Trace {
        int length;
        double[][] layerIn;
        double[][] attnOut;
        double[][] mlpOut;
        double[] finalResidual;
        double[][][] attn; // [l][h][T]
        double[][][] headOut; // [l][h][D]
        double[][][][] values; // [l][j][h] -> head value vector projected through W_O lazily
        double[] logits;
        double m;
    }

    private double[] rms(double[] x, double[] g) {
        double s = 0;
        for (double v : x) {
            s += v * v;
        }
        double inv = 1 / Math.sqrt(s / x.length + eps);
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = g[i] * x[i] * inv;
        }
        return y;
    }

    private void applyRope(double[] v, int head, int pos) {
        if (rope == Rope.NONE) {
            return;
        }
        int base = head * hd;
        int half = hd / 2;
        double[] out = new double[hd];
        for (int j = 0; j < half; j++) {
            double omega = Math.pow(theta, -2.0 * j / hd);
            double c = Math.cos(pos * omega);
            double s = Math.sin(pos * omega);
            int a = rope == Rope.HF ? j : 2 * j;
            int b = rope == Rope.HF ? j + half : 2 * j + 1;
            out[a] = v[base + a] * c - v[base + b] * s;
            out[b] = v[base + b] * c + v[base + a] * s;
        }
        System.arraycopy(out, 0, v, base, hd);
    }

    /** Runs the decoder on embeddings [T][D] built from ids (image ids replaced by features). */
    Trace decode(int[] ids, double[][] imageFeatures, int imageId) {
        int n = ids.length;
        double[] emb = t(lm + "embed_tokens.weight");
        double[][] x = new double[n][d];
        int img = 0;
        for (int i = 0; i < n; i++) {
            if (ids[i] == imageId && imageFeatures != null) {
                x[i] = imageFeatures[img++].clone();
            } else {
                System.arraycopy(emb, ids[i] * d, x[i], 0, d);
            }
        }
        Trace tr = new Trace();
        tr.length = n;
        tr.layerIn = new double[layers][];
        tr.attnOut = new double[layers][];
        tr.mlpOut = new double[layers][];
        tr.attn = new double[layers][heads][n];
        tr.headOut = new double[layers][heads][];
        tr.values = new double[layers][][][];
        int last = n - 1;
        for (int l = 0; l < layers; l++) {
            String p = lm + "layers." + l + ".";
            tr.layerIn[l] = x[last].clone();
            double[] g1 = t(p + "input_layernorm.weight");
            double[] wq = t(p + "self_attn.q_proj.weight");
            double[] wk = t(p + "self_attn.k_proj.weight");
            double[] wv = t(p + "self_attn.v_proj.weight");
            double[] wo = t(p + "self_attn.o_proj.weight");
            double[][] q = new double[n][];
            double[][] k = new double[n][];
            double[][] v = new double[n][];
            for (int i = 0; i < n; i++) {
                double[] h = rms(x[i], g1);
                q[i] = linear(wq, null, h, d, d);
                k[i] = linear(wk, null, h, d, d);
                v[i] = linear(wv, null, h, d, d);
                for (int hh = 0; hh < heads; hh++) {
                    applyRope(q[i], hh, i);
                    applyRope(k[i], hh, i);
                }
            }
            double[][] ctx = new double[n][d];
            double scale = 1 / Math.sqrt(hd);
            double[] a = new double[n];
            for (int hh = 0; hh < heads; hh++) {
                for (int i = 0; i < n; i++) {
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j <= i; j++) {
                        double s = 0;
                        for (int e = hh * hd; e < (hh + 1) * hd; e++) {
                            s += q[i][e] * k[j][e];
                        }
                        a[j] = s * scale;
                        max = Math.max(max, a[j]);
                    }
                    double z = 0;
                    for (int j = 0; j <= i; j++) {
                        a[j] = Math.exp(a[j] - max);
                        z += a[j];
                    }
                    for (int j = 0; j <= i; j++) {
                        double wgt = a[j] / z;
                        if (i == last) {
                            tr.attn[l][hh][j] = wgt;
                        }
                        for (int e = hh * hd; e < (hh + 1) * hd; e++) {
                            ctx[i][e] += wgt * v[j][e];
                        }
                    }
                }
            }
            // per-head outputs at the last position and the o_proj columns for contributions
            for (int hh = 0; hh < heads; hh++) {
                double[] o = new double[d];
                for (int r = 0; r < d; r++) {
                    double s = 0;
                    for (int e = hh * hd; e < (hh + 1) * hd; e++) {
                        s += wo[r * d + e] * ctx[last][e];
                    }
                    o[r] = s;
                }
                tr.headOut[l][hh] = o;
            }
            tr.values[l] = new double[][][] { v, new double[][] { wo } };
            double[] g2 = t(p + "post_attention_layernorm.weight");
            double[] wg = t(p + "mlp.gate_proj.weight");
            double[] wu = t(p + "mlp.up_proj.weight");
            double[] wd = t(p + "mlp.down_proj.weight");
            int mlp = DemoArchitecture.MLP;
            for (int i = 0; i < n; i++) {
                double[] ao = linear(wo, null, ctx[i], d, d);
                if (i == last) {
                    tr.attnOut[l] = ao;
                }
                for (int r = 0; r < d; r++) {
                    x[i][r] += ao[r];
                }
                double[] h = rms(x[i], g2);
                double[] gg = linear(wg, null, h, mlp, d);
                double[] uu = linear(wu, null, h, mlp, d);
                for (int u = 0; u < mlp; u++) {
                    gg[u] = gg[u] / (1 + Math.exp(-gg[u])) * uu[u];
                }
                double[] f = linear(wd, null, gg, d, mlp);
                if (i == last) {
                    tr.mlpOut[l] = f;
                }
                for (int r = 0; r < d; r++) {
                    x[i][r] += f[r];
                }
            }
        }
        tr.finalResidual = x[last].clone();
        double s = 0;
        for (double v : tr.finalResidual) {
            s += v * v;
        }
        tr.m = s / d;
        tr.logits = unembed(tr, tr.finalResidual);
        return tr;
    }

    /** Frozen-norm unembedding U(v). */
    double[] unembed(Trace tr, double[] vec) {
        double[] g = t(lm + "norm.weight");
        double[] wl = t(lmHead);
        int vocab = wl.length / d;
        double inv = 1 / Math.sqrt(tr.m + eps);
        double[] h = new double[d];
        for (int i = 0; i < d; i++) {
            h[i] = g[i] * vec[i] * inv;
        }
        return linear(wl, null, h, vocab, d);
    }

    double logProb(Trace tr, double[] vec, int target) {
        double[] u = unembed(tr, vec);
        double max = Double.NEGATIVE_INFINITY;
        for (double v : u) {
            max = Math.max(max, v);
        }
        double z = 0;
        for (double v : u) {
            z += Math.exp(v - max);
        }
        return u[target] - max - Math.log(z);
    }

    static double[] plus(double[] a, double[] b) {
        double[] c = a.clone();
        for (int i = 0; i < c.length; i++) {
            c[i] += b[i];
        }
        return c;
    }

    double[][] headScores(Trace tr, int target) {
        double[][] s = new double[layers][heads];
        for (int l = 0; l < layers; l++) {
            double base = logProb(tr, tr.layerIn[l], target);
            for (int h = 0; h < heads; h++) {
                s[l][h] = logProb(tr, plus(tr.layerIn[l], tr.headOut[l][h]), target) - base;
            }
        }
        return s;
    }

    /** S^(l,h)_j for every position j. */
    double[] positionScores(Trace tr, int l, int h, int target) {
        double[][] v = tr.values[l][0];
        double[] wo = tr.values[l][1][0];
        double base = logProb(tr, tr.layerIn[l], target);
        double[] out = new double[tr.length];
        for (int j = 0; j < tr.length; j++) {
            double a = tr.attn[l][h][j];
            double[] c = new double[d];
            for (int r = 0; r < d; r++) {
                double s = 0;
                for (int e = h * hd; e < (h + 1) * hd; e++) {
                    s += wo[r * d + e] * v[j][e];
                }
                c[r] = a * s;
            }
            out[j] = logProb(tr, plus(tr.layerIn[l], c), target) - base;
        }
        return out;
    }
}
