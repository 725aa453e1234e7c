package org.llavalens.ui.session;

/** What changed in the session; views redraw only what concerns them. */
public enum Topic {
    /** A project was opened or closed. */
    PROJECT,
    /** Cases, labels or review states changed (a user's command, its undo or redo, or a system change). */
    LABELS,
    /** Another case became current. */
    CASE,
    /** The current case's result arrived, or was dropped. */
    RESULT,
    /** A head was selected (or the set of selected heads changed), or its position map arrived. */
    HEAD,
    /** The canvas's choice of heads for the log-increase map changed, or its recomputed map arrived. */
    AGGREGATION,
    /** The patch selection or the patch details changed. */
    PATCHES,
    /** The selected sequence position or its token tables changed, or a recomputed embedding table arrived. */
    POSITION,
    /** Next-token predictions of the positions arrived. */
    PREDICTIONS,
    /** A comparison finished. */
    COMPARE,
    /** A job started or ended (for busy indicators). */
    BUSY
}
