package org.llavalens.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;

import org.junit.jupiter.api.Test;
import org.llavalens.demo.scene.Animal;
import org.llavalens.demo.scene.Scene;
import org.llavalens.demo.scene.SceneGenerator;
import org.llavalens.demo.weights.DemoWeights;
import org.llavalens.demo.weights.VisionLayout;

/** What the constructed vision tower reports per patch, against what the scene generator drew. */
class VisionTowerTest {

    @Test
    void layerZeroReportsSpeciesFlagsMeanColorAndSink() {
        ReferenceForward f = new ReferenceForward(DemoGenerator.llavaWeights(DemoWeights.DEFAULT_NOISE), true,
                ReferenceForward.Rope.HF);
        for (Scene s : new SceneGenerator(21).scenes(3)) {
            BufferedImage img = SceneGenerator.render(s);
            double[][][] px = ReferenceForward.pixels(img);
            double[][] hs1 = f.visionHiddenStates(px)[1];
            for (int k = 0; k < DemoArchitecture.PATCHES; k++) {
                double[] x = hs1[k + 1];
                Animal a = s.animalAt(k);
                for (Species sp : Species.values()) {
                    double flag = x[VisionLayout.plus(VisionLayout.SPECIES_CLEAN + sp.ordinal())];
                    double expected = a != null && a.species() == sp ? 1 : 0;
                    // The quick_gelu step is flat to 2% only: qg(x) != x near x = 0 lifts scores of 0.75..0.9.
                    assertEquals(expected, flag, 0.02, s.fileName() + " patch " + k + " " + sp);
                    assertEquals(-flag, x[VisionLayout.minus(VisionLayout.SPECIES_CLEAN + sp.ordinal())], 1e-9);
                }
                for (int ch = 0; ch < 3; ch++) {
                    double mean = patchMean(px[ch], k);
                    assertEquals(mean, x[VisionLayout.plus(VisionLayout.RGB + ch)], 0.01, s.fileName() + " patch " + k);
                }
                assertEquals(k == DemoArchitecture.SINK_PATCH ? 1 : 0, x[VisionLayout.plus(VisionLayout.SINK)], 0.01);
            }
        }
    }

    private static double patchMean(double[][] channel, int k) {
        int p = DemoArchitecture.PATCH;
        int y0 = (k / DemoArchitecture.GRID) * p;
        int x0 = (k % DemoArchitecture.GRID) * p;
        double s = 0;
        for (int y = 0; y < p; y++) {
            for (int x = 0; x < p; x++) {
                s += channel[y0 + y][x0 + x];
            }
        }
        return s / (p * p);
    }
}
