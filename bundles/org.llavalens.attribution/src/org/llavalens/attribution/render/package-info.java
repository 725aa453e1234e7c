/**
 * Heatmaps and head grids as {@link java.awt.image.BufferedImage}s and PNG files, shared by the CLI and
 * the workbench (which converts them for SWT); no SWT here.
 */
package org.llavalens.attribution.render;
