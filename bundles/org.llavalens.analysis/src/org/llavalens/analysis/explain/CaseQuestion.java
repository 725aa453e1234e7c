package org.llavalens.analysis.explain;

import java.nio.file.Path;

/**
 * One question about one case.
 *
 * @param image        the picture (ignored by a text-only model), or null
 * @param imageHash    recorded in the provenance ({@code sha256:...}), or null
 * @param context      text-only models: the passage the question is about (null for none)
 * @param question     what the user asks
 * @param answerPrefix teacher-forced start of the answer, or null
 * @param target       the token to explain (a word or an id), or null for the model's most likely one
 */
public record CaseQuestion(Path image, String imageHash, String context, String question, String answerPrefix,
        String target) {

    public CaseQuestion {
        if (question == null || question.isBlank()) {
            throw new IllegalArgumentException("a case needs a question");
        }
    }

    /** The same question about a picture, explaining the model's own answer. */
    public static CaseQuestion about(Path image, String question) {
        return new CaseQuestion(image, null, null, question, null, null);
    }

    public CaseQuestion withTarget(String other) {
        return new CaseQuestion(image, imageHash, context, question, answerPrefix, other);
    }
}
