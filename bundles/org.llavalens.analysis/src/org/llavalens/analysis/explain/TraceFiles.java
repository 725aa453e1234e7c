package org.llavalens.analysis.explain;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A forward pass exported: the .npy files and trace.json of {@code ./llavalens trace} by file name, in
 * the order they were written, and what the command prints of it.
 *
 * @param files     file name (e.g. {@code attn_last.npy}) to its bytes
 * @param target    the explained token id
 * @param logProb   its log-probability at the last position
 * @param positions the sequence length
 * @param imageSpan where the image positions are, or null for text only
 */
public record TraceFiles(Map<String, byte[]> files, int target, double logProb, int positions, Span imageSpan) {

    /** Image positions {@code [start, end)}. */
    public record Span(int start, int end) {
    }

    public TraceFiles {
        files = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(files));
    }
}
