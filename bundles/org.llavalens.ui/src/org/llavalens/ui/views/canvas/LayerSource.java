package org.llavalens.ui.views.canvas;

/**
 * One candidate layer: a name and the raw patch scores (row-major, gridSide squared) it draws.
 * Signed sources (a selected head's map can be negative) default to the diverging color map.
 */
public record LayerSource(String id, String label, double[] scores, boolean signed) {
}
