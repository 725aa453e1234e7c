package org.llavalens.runtime.trace;

/**
 * The positions [start, end) of the input sequence that hold projected image patches, found from
 * the ids (never a hard-coded offset). Patch k (row-major over the gridSide x gridSide grid) sits at
 * position start + k.
 */
public record ImageSpan(int start, int end, int gridSide) {

    public ImageSpan {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad image span [" + start + ", " + end + ")");
        }
        if (gridSide * gridSide != end - start) {
            throw new IllegalArgumentException("image span of " + (end - start)
                    + " positions is not a square grid of side " + gridSide);
        }
    }

    public int length() {
        return end - start;
    }

    public boolean contains(int position) {
        return position >= start && position < end;
    }
}
