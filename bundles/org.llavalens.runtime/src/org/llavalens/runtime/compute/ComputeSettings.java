package org.llavalens.runtime.compute;

/** How a model is run: on which device, in which precision. Passed down typed, from CLI or preferences. */
public record ComputeSettings(ComputeDevice device, Precision precision) {

    /** The CPU in fp32: what tests and the reference fixtures use. */
    public static final ComputeSettings CPU_FP32 = new ComputeSettings(ComputeDevice.CPU, Precision.FP32);

    public ComputeSettings {
        if (device == null || precision == null) {
            throw new IllegalArgumentException("device and precision are required");
        }
    }

    @Override
    public String toString() {
        return device + " " + precision;
    }
}
