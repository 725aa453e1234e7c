package org.llavalens.headless.commands;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.llavalens.headless.cli.Arguments;
import org.llavalens.headless.cli.Console;
import org.llavalens.headless.cli.Option;
import org.llavalens.headless.cli.UsageException;
import org.llavalens.runtime.compute.ComputeDevice;
import org.llavalens.runtime.compute.ComputeSettings;
import org.llavalens.runtime.compute.Devices;
import org.llavalens.runtime.compute.Precision;
import org.llavalens.runtime.model.LoadedModel;
import org.llavalens.runtime.model.ModelLoader;

/**
 * {@code --device} and {@code --precision}, read the same way by every command that runs a model, and
 * the model loading that goes with them: a GPU that is not there ends the command with one line
 * (exit 1), and the weight placement chosen (device, precision, free memory) is printed.
 */
public final class ComputeOptions {

    /** The usage lines every model-running command appends. */
    public static final String USAGE = """
              --device cpu|gpu[:N]   where the model runs (default: gpu:0 in the cuda build when a GPU is
                                     present, else cpu)
              --precision fp32|fp16  matrix products in fp32 (default, matches Hugging Face) or fp16 (the GPU
                                     mode; on the CPU only for fidelity checks of small models)""";

    /** --device and --precision as every model-running command declares them. */
    public static final List<Option> OPTIONS = Option.table("""
            --device cpu|gpu[:N]   where the model runs (default: gpu:0 in the cuda build when a GPU is present, else
                                   cpu)
            --precision fp32|fp16  matrix products in fp32 (default, matches Hugging Face) or fp16 (the GPU mode; on
                                   the CPU only for fidelity checks of small models)
            """);


    /** Above this many parameters fp16 on the CPU is hours of work (fp16 GEMM there runs below 1 GFLOP/s). */
    private static final long SMALL_MODEL_PARAMETERS = 1_000_000_000L;

    private final ComputeSettings settings;

    private ComputeOptions(ComputeSettings settings) {
        this.settings = settings;
    }

    /** Reads --device and --precision from {@code args} (marking them used). */
    public static ComputeOptions read(Arguments args) throws UsageException {
        String device = args.get("device", null);
        String precision = args.get("precision", "fp32");
        try {
            ComputeDevice d = device == null ? Devices.defaultDevice() : ComputeDevice.parse(device);
            return new ComputeOptions(new ComputeSettings(d, Precision.parse(precision)));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    public ComputeSettings settings() {
        return settings;
    }

    /**
     * Checks the device, opens the model folder on it and says where the weights went.
     *
     * @throws org.llavalens.runtime.compute.DeviceUnavailableException (one line) for a missing GPU
     */
    public LoadedModel load(Path folder, Console console) {
        Devices.resolve(settings.device());
        LoadedModel model = ModelLoader.load(folder, settings);
        console.info(folder.getFileName() + ": " + model.weightPlan().describe());
        long parameters = model.weightPlan().fp32Bytes() / 4;
        if (settings.precision() == Precision.FP16 && !settings.device().isGpu() && parameters > SMALL_MODEL_PARAMETERS) {
            console.warn(String.format(Locale.ROOT, "fp16 on the CPU is for fidelity checks on small models: its matrix"
                    + " products run below 1 GFLOP/s here, so this %.1fB-parameter model would take hours; use"
                    + " --device gpu, or fp32 on the CPU", parameters / 1e9));
        }
        return model;
    }
}
