package org.llavalens.analysis.batch;

import java.io.Serializable;

import org.llavalens.annotation.CaseSnapshot;

/**
 * One case of a batch as a plain value: what a worker needs to compute it without the project's
 * model (a Spark executor gets it serialised).
 *
 * @param image project-relative path of the picture, or null
 */
public record BatchCase(String id, String image, String question, String answerPrefix) implements Serializable {

    private static final long serialVersionUID = 1L;

    public static BatchCase of(CaseSnapshot c) {
        return new BatchCase(c.id(), c.hasImage() ? c.image() : null, c.question(), c.answerPrefix());
    }
}
