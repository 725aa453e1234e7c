package org.llavalens.client;

import java.io.IOException;
import java.nio.file.Path;

import org.llavalens.analysis.experiment.ColorQaCase;
import org.llavalens.analysis.experiment.ColorQaExperiment;
import org.llavalens.analysis.explain.ColorQaRequest;

/**
 * The wire format of one color-experiment case on a model host (API version {@value ApiJson#VERSION}):
 * {@code POST /color-qa} submits it as a job on the LLaVA model's queue; the job's result is the case's
 * {@link org.llavalens.analysis.experiment.CaseMeasures} as JSON (doubles at full precision).
 */
public final class ColorQaJson {

    private ColorQaJson() {
    }

    /**
     * POST /color-qa: the case's words, its picture's bytes in base64 (none: the text settings only) and
     * the experiment's options.
     */
    public record JobRequest(String llava, String vicuna, String caseId, String image, String animal, String color,
            String otherAnimal, String randomColor, String randomAnimal, ColorQaExperiment.Options options) {
    }

    static JobRequest request(ColorQaRequest r) throws IOException {
        ColorQaCase c = r.theCase();
        return new JobRequest(r.llava(), r.vicuna(), c.id(), ApiJson.pictureBytes(c.image()), c.animal(), c.color(),
                c.otherAnimal(),
                c.randomColor(), c.randomAnimal(), r.options());
    }

    /**
     * The request as the service takes it, the picture already stored at {@code image}.
     *
     * @throws IllegalArgumentException for a case that does not read (missing words, the same animal twice)
     */
    public static ColorQaRequest request(JobRequest r, Path image) {
        if (r.options() == null || r.options().heads() == null || r.options().form() == null) {
            throw new IllegalArgumentException("a color-qa job needs 'options' with topHeads, topPositions, heads, form "
                    + "and seed");
        }
        ColorQaCase c = new ColorQaCase(r.caseId(), image, required(r.animal(), "animal"), required(r.color(), "color"),
                required(r.otherAnimal(), "otherAnimal"), required(r.randomColor(), "randomColor"),
                required(r.randomAnimal(), "randomAnimal"));
        return new ColorQaRequest(r.llava(), r.vicuna(), c, new ColorQaExperiment.Options(r.options().topHeads(),
                r.options().topPositions(), r.options().heads(), r.options().form(), r.options().seed()));
    }

    private static String required(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a color-qa job needs '" + name + "'");
        }
        return value;
    }
}
