package org.llavalens.runtime.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.llavalens.runtime.compute.ComputeSettings;
import org.llavalens.runtime.compute.Precision;
import org.llavalens.runtime.io.DType;
import org.llavalens.runtime.io.TensorInfo;
import org.llavalens.runtime.io.WeightSource;

/**
 * Where a model's weights live while it is open, chosen once from the device, the precision and the
 * memory this machine has free, with the reason in words (the commands print it).
 *
 * <ul>
 * <li>{@link Placement#FP32_RESIDENT}: CPU, fp32, and the fp32 copy fits: every weight is upcast once
 * and kept, so no forward pass converts again.</li>
 * <li>{@link Placement#FP32_STREAMED}: CPU, fp32, too little memory (a 7B model in fp32 is 27 GB):
 * stored weights stay memory-mapped and each layer is upcast into reused buffers when it runs.</li>
 * <li>{@link Placement#STORED_ON_DEVICE}: GPU, fp32: weights are copied to the device once in their
 * stored precision and upcast there, layer by layer; no host-to-device weight copy per pass.</li>
 * <li>{@link Placement#HALF_RESIDENT}: fp16 on any device: projection weights kept in F16 on the
 * device; norms, biases, embeddings and the unembedding in fp32.</li>
 * </ul>
 */
public record WeightPlan(Placement placement, ComputeSettings compute, long storedBytes, long fp32Bytes,
        long availableBytes) {

    public enum Placement {
        FP32_RESIDENT, FP32_STREAMED, STORED_ON_DEVICE, HALF_RESIDENT
    }

    /** Share of the available memory the fp32 copy may take before AUTO streams instead. */
    static final double RESIDENT_SHARE = 0.75;

    static WeightPlan choose(WeightSource source, ComputeSettings compute, WeightResidency residency,
            long availableBytes) {
        long stored = 0;
        long fp32 = 0;
        for (String name : source.names()) {
            TensorInfo info = source.info(name);
            stored += info.numel() * info.dtype().bytes();
            fp32 += info.numel() * 4;
        }
        Placement p;
        if (compute.precision() == Precision.FP16) {
            p = Placement.HALF_RESIDENT;
        } else if (compute.device().isGpu()) {
            p = Placement.STORED_ON_DEVICE;
        } else {
            p = switch (residency) {
                case RESIDENT -> Placement.FP32_RESIDENT;
                case STREAMED -> Placement.FP32_STREAMED;
                case AUTO -> fp32 <= RESIDENT_SHARE * availableBytes ? Placement.FP32_RESIDENT
                        : Placement.FP32_STREAMED;
            };
        }
        return new WeightPlan(p, compute, stored, fp32, availableBytes);
    }

    /** One line for the user: what was chosen and why. */
    public String describe() {
        String mem = String.format(Locale.ROOT, "%.2f GB fp32 copy, %.2f GB available", fp32Bytes / 1e9,
                availableBytes / 1e9);
        return "weights on " + compute.device() + ", " + compute.precision() + " matmuls: " + switch (placement) {
            case FP32_RESIDENT -> "upcast to fp32 once and kept (" + mem + ")";
            case FP32_STREAMED -> "kept memory-mapped, each layer upcast when it runs (" + mem + "; keeping the fp32"
                    + " copy needs at most " + Math.round(RESIDENT_SHARE * 100) + "% of available memory)";
            case STORED_ON_DEVICE -> String.format(Locale.ROOT, "resident on the device in their stored precision"
                    + " (%.2f GB), upcast there per layer", storedBytes / 1e9);
            case HALF_RESIDENT -> "projection weights resident in F16; norms, embeddings and unembedding in fp32";
        };
    }

    /**
     * MemAvailable of /proc/meminfo, capped by the JVM's maximum heap: kept fp32 weights live in direct
     * buffers, whose default limit is the maximum heap (LLAVALENS_XMX).
     */
    static long availableMemoryBytes() {
        long jvmLimit = Runtime.getRuntime().maxMemory();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemAvailable:")) {
                    return Math.min(jvmLimit, Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the JVM limit alone
        }
        return jvmLimit;
    }

    /** Whether a stored dtype is kept as is on a device (BF16 is not: DJL 0.36 has no BF16 tensors). */
    static boolean keptAsStored(DType d) {
        return d == DType.F16 || d == DType.F32;
    }
}
