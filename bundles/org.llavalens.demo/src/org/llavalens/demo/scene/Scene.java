package org.llavalens.demo.scene;

import java.util.List;

/**
 * A generated picture: a plain background of random color with two or three animals of different
 * species and colors. {@code seed} regenerates it (pixels included) exactly.
 */
public record Scene(int index, long seed, int[] background, List<Animal> animals) {

    public Scene {
        background = background.clone();
        animals = List.copyOf(animals);
    }

    @Override
    public int[] background() {
        return background.clone();
    }

    public String fileName() {
        return String.format(java.util.Locale.ROOT, "scene-%04d.png", index);
    }

    /** The animal that covers a patch, or null for background. */
    public Animal animalAt(int patch) {
        for (Animal a : animals) {
            if (a.covers(patch)) {
                return a;
            }
        }
        return null;
    }
}
