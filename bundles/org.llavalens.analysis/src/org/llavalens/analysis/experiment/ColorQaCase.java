package org.llavalens.analysis.experiment;

import java.nio.file.Path;

/**
 * One case of the color experiment (the paper's §3): an image showing an animal [A] of color [C]; the
 * animal [A1] the S1/S2 and swapped-question settings use instead (ideally also in the image); and the
 * random color and random animal the control measures rank (drawn from the dataset's words with a
 * recorded seed).
 *
 * @param image null when only the text settings are run
 */
public record ColorQaCase(String id, Path image, String animal, String color, String otherAnimal,
        String randomColor, String randomAnimal) {

    public ColorQaCase {
        if (animal.equals(otherAnimal)) {
            throw new IllegalArgumentException(id + ": the other animal must differ from '" + animal + "'");
        }
        if (animal.equals(randomAnimal)) {
            throw new IllegalArgumentException(id + ": the random animal must differ from '" + animal + "'");
        }
        if (color.equals(randomColor)) {
            throw new IllegalArgumentException(id + ": the random colour must differ from '" + color + "'");
        }
    }
}
