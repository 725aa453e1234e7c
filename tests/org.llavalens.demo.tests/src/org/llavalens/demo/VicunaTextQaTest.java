package org.llavalens.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.llavalens.demo.weights.DemoWeights;
import org.llavalens.demo.weights.TensorSet;

/**
 * The Vicuna counterpart answers text QA ({@code The dog is brown. What is the color of the dog?})
 * with the same planted heads as LLaVA, and the color head's log-increase sits on the color word,
 * as the paper found for Vicuna (99.82% on the color position).
 */
class VicunaTextQaTest {

    @Test
    void colorHeadReadsTheColorWordForEveryAnimalAndColor() {
        TensorSet vicuna = DemoGenerator.vicunaWeights(DemoWeights.DEFAULT_NOISE);
        ReferenceForward f = new ReferenceForward(vicuna, false, ReferenceForward.Rope.HF);
        int cases = 0;
        for (Species s : Species.values()) {
            for (Color c : Color.values()) {
                String context = "The " + s.word() + " is " + c.word() + ".";
                int[] ids = PromptIds.of(PromptIds.vicunaPrompt(context, "What is the color of the " + s.word() + "?",
                        "The color of the " + s.word() + " is"), false);
                ReferenceForward.Trace tr = f.decode(ids, null, -1);
                int target = DemoVocabulary.id(c);
                assertEquals(target, argmax(tr.logits), context);
                double[][] scores = f.headScores(tr, target);
                assertEquals(PlantedHeads.COLOR, best(scores), context);
                double[] pos = f.positionScores(tr, PlantedHeads.COLOR.layer(), PlantedHeads.COLOR.head(), target);
                int colorPosition = indexOf(ids, target);
                double positive = 0;
                for (double v : pos) {
                    positive += Math.max(0, v);
                }
                assertTrue(pos[colorPosition] / positive > 0.99, context + ": " + pos[colorPosition] / positive);
                cases++;
            }
        }
        assertEquals(15, cases);
    }

    @Test
    void plantedHeadsAreSharedWithLlavaAndNoiseHeadsDiffer() {
        TensorSet vicuna = DemoGenerator.vicunaWeights(DemoWeights.DEFAULT_NOISE);
        TensorSet llava = DemoGenerator.llavaWeights(DemoWeights.DEFAULT_NOISE);
        int hd = DemoArchitecture.HEAD_DIM;
        int d = DemoArchitecture.HIDDEN;
        for (int l = 0; l < DemoArchitecture.LAYERS; l++) {
            for (String proj : new String[] { "q_proj", "k_proj", "v_proj" }) {
                float[] a = vicuna.get("model.layers." + l + ".self_attn." + proj + ".weight").data();
                float[] b = llava.get("language_model.model.layers." + l + ".self_attn." + proj + ".weight").data();
                for (int h = 0; h < DemoArchitecture.HEADS; h++) {
                    boolean same = true;
                    for (int i = h * hd * d; i < (h + 1) * hd * d; i++) {
                        same &= a[i] == b[i];
                    }
                    assertEquals(PlantedHeads.isPlanted(l, h), same, "layer " + l + " head " + h + " " + proj);
                }
            }
        }
    }

    private static int argmax(double[] v) {
        int a = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[a]) {
                a = i;
            }
        }
        return a;
    }

    private static PlantedHeads.Head best(double[][] s) {
        int bl = 0;
        int bh = 0;
        for (int l = 0; l < s.length; l++) {
            for (int h = 0; h < s[l].length; h++) {
                if (s[l][h] > s[bl][bh]) {
                    bl = l;
                    bh = h;
                }
            }
        }
        return new PlantedHeads.Head(bl, bh);
    }

    private static int indexOf(int[] ids, int id) {
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == id) {
                return i;
            }
        }
        throw new AssertionError("id " + id + " not in the prompt");
    }
}
