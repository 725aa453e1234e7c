package org.llavalens.analysis.explain;

/**
 * One case asked three ways.
 *
 * @param name           what the caller calls the case (a case id): the comparison's name and the
 *                       name its one-line errors give; null lets the service name it (the image's hash,
 *                       or the question for a case without an image)
 * @param llava          the LLaVA model's id
 * @param vicuna         the Vicuna model's id (LLaVA's language model alone)
 * @param question       the case; its context is the scene as text, which the text-only ways need
 * @param expectedAnswer the case's expected answer, for {@link CompareTarget#EXPECTED} (else may be null)
 */
public record CompareRequest(String name, String llava, String vicuna, CaseQuestion question, String expectedAnswer,
        CompareTarget target) {

    /** The name the comparison and its errors carry. */
    public String caseName() {
        if (name != null && !name.isBlank()) {
            return name;
        }
        return question.imageHash() == null ? question.question() : question.imageHash();
    }
}
