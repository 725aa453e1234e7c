package org.llavalens.ui.widgets;

/**
 * Zoom and pan of the canvas: screen = image * scale + offset. Fit-to-window is scale chosen so the
 * whole image shows, centred; zooming keeps the point under the cursor still.
 */
public final class ViewTransform {

    static final double MIN_SCALE = 0.05;
    static final double MAX_SCALE = 64;

    private double scale = 1;
    private double offsetX;
    private double offsetY;
    private boolean fitted = true;

    public double scale() {
        return scale;
    }

    public boolean fitted() {
        return fitted;
    }

    public void fit(int imageW, int imageH, int viewW, int viewH) {
        if (imageW <= 0 || imageH <= 0 || viewW <= 0 || viewH <= 0) {
            return;
        }
        scale = Math.min((double) viewW / imageW, (double) viewH / imageH);
        offsetX = (viewW - imageW * scale) / 2;
        offsetY = (viewH - imageH * scale) / 2;
        fitted = true;
    }

    /** Multiplies the scale by {@code factor}, keeping screen point (sx, sy) over the same image point. */
    public void zoom(double factor, double sx, double sy) {
        double next = Math.max(MIN_SCALE, Math.min(MAX_SCALE, scale * factor));
        double ix = toImageX(sx);
        double iy = toImageY(sy);
        scale = next;
        offsetX = sx - ix * scale;
        offsetY = sy - iy * scale;
        fitted = false;
    }

    public void pan(double dx, double dy) {
        offsetX += dx;
        offsetY += dy;
        fitted = false;
    }

    public double toImageX(double sx) {
        return (sx - offsetX) / scale;
    }

    public double toImageY(double sy) {
        return (sy - offsetY) / scale;
    }

    public int toScreenX(double ix) {
        return (int) Math.round(ix * scale + offsetX);
    }

    public int toScreenY(double iy) {
        return (int) Math.round(iy * scale + offsetY);
    }
}
