package org.llavalens.runtime.compute;

import org.llavalens.djl.Djl;

import ai.djl.Device;

/**
 * The devices the engine can use on this machine. The CPU build's natives see no GPU, so there the
 * default is the CPU; the cuda build defaults to gpu:0 when the driver reports one.
 */
public final class Devices {

    private Devices() {
    }

    /** GPUs the PyTorch engine sees (0 with the CPU natives). */
    public static int gpuCount() {
        return Djl.engine().getGpuCount();
    }

    /** gpu:0 when a GPU is present, else the CPU. */
    public static ComputeDevice defaultDevice() {
        return gpuCount() > 0 ? ComputeDevice.gpu(0) : ComputeDevice.CPU;
    }

    /**
     * The engine's device for {@code device}.
     *
     * @throws DeviceUnavailableException (one line) when the GPU asked for is not there
     */
    public static Device resolve(ComputeDevice device) {
        if (!device.isGpu()) {
            return Device.cpu();
        }
        int gpus = gpuCount();
        if (device.index() >= gpus) {
            throw new DeviceUnavailableException(gpus == 0
                    ? "no GPU available for --device " + device + ": this machine or this build (CPU natives) has none;"
                            + " use --device cpu"
                    : "no GPU " + device + ": this machine has " + gpus + " (gpu:0 .. gpu:" + (gpus - 1) + ")");
        }
        return Device.gpu(device.index());
    }
}
