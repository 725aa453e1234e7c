package org.llavalens.analysis.explain;

import org.llavalens.runtime.compute.ComputeDevice;
import org.llavalens.runtime.compute.ComputeSettings;
import org.llavalens.runtime.compute.Devices;
import org.llavalens.runtime.compute.Precision;

/**
 * Where a local service runs its models, as a front end chooses it: a device ({@code auto} picks GPU
 * 0 when the engine sees one, else the CPU; {@code cpu}; {@code gpu:N}) and a precision
 * ({@code fp32}, {@code fp16}). Checked when made, so a bad choice fails where it was typed.
 */
public record ComputeChoice(String device, String precision) {

    public static final String AUTO = "auto";
    public static final ComputeChoice DEFAULT = new ComputeChoice(AUTO, "fp32");

    public ComputeChoice {
        if (!AUTO.equals(device)) {
            ComputeDevice.parse(device);
        }
        Precision.parse(precision);
    }

    /** The engine's settings for this choice (resolving {@code auto} now). */
    ComputeSettings settings() {
        return new ComputeSettings(AUTO.equals(device) ? Devices.defaultDevice() : ComputeDevice.parse(device),
                Precision.parse(precision));
    }
}
