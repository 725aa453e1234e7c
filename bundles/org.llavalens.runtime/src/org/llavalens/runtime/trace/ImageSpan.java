package org.llavalens.runtime.trace;

/**
 * The positions [start, end) of the input sequence that hold projected image features, found from
 * the ids (never a hard-coded offset). The last gridSide x gridSide of them are the patches,
 * row-major: patch k sits at {@link #patchPosition(int) firstPatch() + k}. With the "full" vision
 * feature strategy the span starts with one extra position (the CLS feature) before the patches.
 */
public record ImageSpan(int start, int end, int gridSide) {

    public ImageSpan {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad image span [" + start + ", " + end + ")");
        }
        int patches = gridSide * gridSide;
        if (end - start != patches && end - start != patches + 1) {
            throw new IllegalArgumentException("image span of " + (end - start)
                    + " positions is neither a square grid of side " + gridSide + " nor CLS + that grid");
        }
    }

    /** Number of positions in the span (patches, plus CLS under the "full" strategy). */
    public int length() {
        return end - start;
    }

    /** Number of image patches (gridSide squared). */
    public int patchCount() {
        return gridSide * gridSide;
    }

    /** The sequence position of patch 0. */
    public int firstPatch() {
        return end - patchCount();
    }

    /** The sequence position of patch k (row-major). */
    public int patchPosition(int patch) {
        if (patch < 0 || patch >= patchCount()) {
            throw new IndexOutOfBoundsException("patch " + patch + " of " + patchCount());
        }
        return firstPatch() + patch;
    }

    public boolean contains(int position) {
        return position >= start && position < end;
    }
}
