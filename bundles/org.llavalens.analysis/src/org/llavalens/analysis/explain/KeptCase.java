package org.llavalens.analysis.explain;

import java.awt.image.BufferedImage;
import java.util.Optional;

/**
 * What every live case holds whoever computes its follow-ups: the explained case and the model's
 * view of the image.
 */
public abstract class KeptCase implements LiveCase {

    private final ExplainedCase explained;
    private final BufferedImage crop;

    /** @param crop the model's view of the image, or null for text only */
    protected KeptCase(ExplainedCase explained, BufferedImage crop) {
        this.explained = java.util.Objects.requireNonNull(explained, "explained");
        this.crop = crop;
    }

    @Override
    public final ExplainedCase explained() {
        return explained;
    }

    @Override
    public final Optional<BufferedImage> crop() {
        return Optional.ofNullable(crop);
    }
}
