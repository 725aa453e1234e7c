package org.llavalens.ui.views.canvas;

/** How the user wants one heatmap layer shown: on or off, opacity 0..255, color map name. */
public record LayerStyle(boolean visible, int opacity, String colormap) {

    public LayerStyle withVisible(boolean v) {
        return new LayerStyle(v, opacity, colormap);
    }

    public LayerStyle withOpacity(int o) {
        return new LayerStyle(visible, o, colormap);
    }

    public LayerStyle withColormap(String c) {
        return new LayerStyle(visible, opacity, c);
    }
}
