package org.llavalens.runtime.compute;

import java.util.Locale;

/**
 * Where a model runs: the CPU, or GPU number {@code index}. Written and read as {@code cpu},
 * {@code gpu} (= gpu:0) or {@code gpu:N}, the form of {@code --device} and the preference.
 */
public record ComputeDevice(Kind kind, int index) {

    public enum Kind {
        CPU, GPU
    }

    public static final ComputeDevice CPU = new ComputeDevice(Kind.CPU, 0);

    public ComputeDevice {
        if (index < 0 || (kind == Kind.CPU && index != 0)) {
            throw new IllegalArgumentException("device " + kind + " " + index);
        }
    }

    public static ComputeDevice gpu(int index) {
        return new ComputeDevice(Kind.GPU, index);
    }

    public boolean isGpu() {
        return kind == Kind.GPU;
    }

    /** @throws IllegalArgumentException with a one-line reason for anything but cpu, gpu, gpu:N */
    public static ComputeDevice parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("cpu")) {
            return CPU;
        }
        if (t.equals("gpu")) {
            return gpu(0);
        }
        if (t.startsWith("gpu:")) {
            try {
                int n = Integer.parseInt(t.substring(4));
                if (n >= 0) {
                    return gpu(n);
                }
            } catch (NumberFormatException e) {
                // falls through to the message below
            }
        }
        throw new IllegalArgumentException("device '" + text + "' is not cpu, gpu or gpu:N");
    }

    @Override
    public String toString() {
        return isGpu() ? "gpu:" + index : "cpu";
    }
}
