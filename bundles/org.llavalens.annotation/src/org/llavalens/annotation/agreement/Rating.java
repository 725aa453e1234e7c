package org.llavalens.annotation.agreement;

/** One annotator's label of one case. */
public record Rating(String caseId, String annotator, String label) {
}
