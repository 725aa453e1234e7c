package org.llavalens.demo;

import java.util.List;

import org.llavalens.demo.scene.Animal;
import org.llavalens.demo.scene.Scene;
import org.llavalens.demo.scene.SceneGenerator;
import org.llavalens.demo.weights.TensorSet;

/** Acceptance figures of the demo LLaVA computed with {@link ReferenceForward}. */
final class ReferenceRun {

    private ReferenceRun() {
    }

    /** Asks about animal {@code i mod animals} of scene i. */
    static Figures llava(TensorSet weights, List<Scene> scenes, int featureLayer, ReferenceForward.Rope rope) {
        return llava(weights, scenes, featureLayer, rope, null);
    }

    /** @param answerPrefix the prefix for every case, or null for the animal's own ("The color of the dog is") */
    static Figures llava(TensorSet weights, List<Scene> scenes, int featureLayer, ReferenceForward.Rope rope,
            String answerPrefix) {
        ReferenceForward f = new ReferenceForward(weights, true, rope);
        Figures figures = new Figures();
        for (Scene s : scenes) {
            Animal asked = s.animals().get(s.index() % s.animals().size());
            String prefix = answerPrefix == null ? asked.answerPrefix() : answerPrefix;
            int[] ids = PromptIds.of(PromptIds.llavaPrompt(asked.question(), prefix), true);
            double[][] features = f.imageFeatures(SceneGenerator.render(s), featureLayer);
            ReferenceForward.Trace tr = f.decode(ids, features, DemoVocabulary.imageId());
            add(figures, f, tr, ids, DemoVocabulary.id(asked.color()), asked);
        }
        return figures;
    }

    static void add(Figures figures, ReferenceForward f, ReferenceForward.Trace tr, int[] ids, int target,
            Animal asked) {
        int start = 0;
        while (ids[start] != DemoVocabulary.imageId()) {
            start++;
        }
        int p = DemoArchitecture.PATCHES;
        double[] all = f.positionScores(tr, PlantedHeads.COLOR.layer(), PlantedHeads.COLOR.head(), target);
        double[] map = new double[p];
        System.arraycopy(all, start, map, 0, p);
        double[] avg = new double[p];
        int heads = 0;
        for (double[][] layer : tr.attn) {
            for (double[] head : layer) {
                heads++;
                for (int k = 0; k < p; k++) {
                    avg[k] += head[start + k];
                }
            }
        }
        for (int k = 0; k < p; k++) {
            avg[k] /= heads;
        }
        float[] logits = new float[tr.logits.length];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) tr.logits[i];
        }
        double prev = tr.attn[PlantedHeads.POSITIONAL.layer()][PlantedHeads.POSITIONAL.head()][ids.length - 2];
        figures.add(logits, target, f.headScores(tr, target), map, avg, asked, prev);
    }
}
