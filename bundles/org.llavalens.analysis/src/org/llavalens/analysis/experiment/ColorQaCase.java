package org.llavalens.analysis.experiment;

import java.nio.file.Path;

/**
 * One case of the colour experiment (the paper's §3): an image showing an animal [A] of colour [C], and
 * for comparison another animal [A1] (ideally also in the image) and another colour [C1].
 *
 * @param image null when only the text settings are run
 */
public record ColorQaCase(String id, Path image, String animal, String colour, String otherAnimal,
        String otherColour) {

    public ColorQaCase {
        if (animal.equals(otherAnimal)) {
            throw new IllegalArgumentException(id + ": the other animal must differ from '" + animal + "'");
        }
        if (colour.equals(otherColour)) {
            throw new IllegalArgumentException(id + ": the other colour must differ from '" + colour + "'");
        }
    }

    public String question(boolean other) {
        return "What is the color of the " + (other ? otherAnimal : animal) + "?";
    }

    public String answerPrefix(boolean other) {
        return "The color of the " + (other ? otherAnimal : animal) + " is";
    }
}
