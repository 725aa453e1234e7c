package org.llavalens.analysis.explain;

/**
 * One case asked three ways.
 *
 * @param llava          the LLaVA model's id
 * @param vicuna         the Vicuna model's id (LLaVA's language model alone)
 * @param question       the case; its context is the scene as text, which the text-only ways need
 * @param expectedAnswer the case's expected answer, for {@link CompareTarget#EXPECTED} (else may be null)
 */
public record CompareRequest(String llava, String vicuna, CaseQuestion question, String expectedAnswer,
        CompareTarget target) {
}
