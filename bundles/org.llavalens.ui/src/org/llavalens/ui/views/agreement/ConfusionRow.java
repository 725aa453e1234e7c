package org.llavalens.ui.views.agreement;

/** One row of a pair's confusion table: the first annotator's label and the counts per label of the second. */
public record ConfusionRow(String label, long[] counts) {
}
