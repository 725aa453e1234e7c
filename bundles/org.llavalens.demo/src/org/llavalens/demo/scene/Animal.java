package org.llavalens.demo.scene;

import java.util.Arrays;

import org.llavalens.demo.Color;
import org.llavalens.demo.Species;

/**
 * One animal of a scene: a patch-aligned body plus a 2x2 head.
 *
 * @param rgb       the painted color (palette color plus jitter), 8-bit
 * @param amplitude texture half-amplitude in 8-bit units
 * @param patches   the patch indices it covers (row-major over the 24x24 grid), ascending
 */
public record Animal(Species species, Color color, int[] rgb, double amplitude, int[] patches) {

    public Animal {
        rgb = rgb.clone();
        patches = patches.clone();
    }

    @Override
    public int[] rgb() {
        return rgb.clone();
    }

    @Override
    public int[] patches() {
        return patches.clone();
    }

    public boolean covers(int patch) {
        return Arrays.binarySearch(patches, patch) >= 0;
    }

    public String question() {
        return "What is the color of the " + species.word() + "?";
    }

    public String answerPrefix() {
        return "The color of the " + species.word() + " is";
    }

    public String answer() {
        return color.word();
    }
}
