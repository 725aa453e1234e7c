package org.llavalens.attribution.render;

import java.util.Locale;

/**
 * The kernels a heatmap can be enlarged with onto the crop, named for what they are. Both are Keys'
 * cubic convolution with pixel centres aligned (half-pixel convention) and edges replicated; they differ
 * in the kernel's parameter a.
 */
public enum Interpolation {
    /** a = -0.5: Pillow's BICUBIC when enlarging (the kernel HF's image processor uses). */
    KEYS_CUBIC("Keys cubic, a = -0.5 (Pillow BICUBIC)", -0.5),
    /** a = -0.75: OpenCV's INTER_CUBIC, which the authors' notebook draws its heatmaps with after min-max. */
    OPENCV_CUBIC("OpenCV INTER_CUBIC, a = -0.75 (the authors' notebook)", -0.75);

    private final String label;
    private final double a;

    Interpolation(String label, double a) {
        this.label = label;
        this.a = a;
    }

    /** What the UI and reports call it. */
    public String label() {
        return label;
    }

    /** The cubic kernel's parameter a. */
    public double a() {
        return a;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Interpolation parse(String s) {
        for (Interpolation i : values()) {
            if (i.id().equals(s.strip().toLowerCase(Locale.ROOT))) {
                return i;
            }
        }
        throw new IllegalArgumentException("interpolation '" + s + "' is not one of keys-cubic, opencv-cubic");
    }
}
