package org.llavalens.attribution;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.DoubleStream;

/**
 * A vector of scores and what it is indexed by: the image patches (row-major, as the heatmap draws
 * them), the sequence positions, the decoder layers, or plain values (a method's own extras). The
 * values are copied in once and never handed out, so reading them ({@link #get}, {@link #stream})
 * costs no copy; {@link #toArray()} is the copy for code that wants an array of its own.
 */
public final class ScoreVector {

    /** What the index of a score vector counts. */
    public enum Axis {
        /** image patches, row-major [P] */
        PATCHES,
        /** sequence positions [T] */
        POSITIONS,
        /** decoder layers [L] */
        LAYERS,
        /** anything else a method keeps (e.g. one baseline log-probability) */
        VALUES;

        /** The lower-case name stored in results. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Axis parse(String id) {
            for (Axis a : values()) {
                if (a.id().equals(id)) {
                    return a;
                }
            }
            throw new IllegalArgumentException("score axis '" + id + "' is not one of patches, positions, layers, values");
        }
    }

    private final Axis axis;
    private final double[] values;

    private ScoreVector(Axis axis, double[] values) {
        if (axis == null || values == null) {
            throw new IllegalArgumentException("a score vector needs an axis and values");
        }
        this.axis = axis;
        this.values = values.clone();
    }

    public static ScoreVector of(Axis axis, double[] values) {
        return new ScoreVector(axis, values);
    }

    public static ScoreVector overPatches(double[] values) {
        return new ScoreVector(Axis.PATCHES, values);
    }

    public static ScoreVector overPositions(double[] values) {
        return new ScoreVector(Axis.POSITIONS, values);
    }

    public static ScoreVector overLayers(double[] values) {
        return new ScoreVector(Axis.LAYERS, values);
    }

    public Axis axis() {
        return axis;
    }

    public int length() {
        return values.length;
    }

    public double get(int index) {
        return values[index];
    }

    public DoubleStream stream() {
        return Arrays.stream(values);
    }

    /** The index of the first value that is NaN or infinite, or -1. */
    public int firstNonFinite() {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                return i;
            }
        }
        return -1;
    }

    /** A copy of the values. */
    public double[] toArray() {
        return values.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScoreVector v && v.axis == axis && Arrays.equals(v.values, values);
    }

    @Override
    public int hashCode() {
        return 31 * axis.hashCode() + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return axis.id() + Arrays.toString(values);
    }
}
