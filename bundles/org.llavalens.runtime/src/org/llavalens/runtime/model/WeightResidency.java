package org.llavalens.runtime.model;

/**
 * Where upcast fp32 weights live between forward passes.
 *
 * <p>A 7B model in fp32 needs ~27 GB, more than the machines this runs on, so large models keep
 * their stored (F16/BF16) weights memory-mapped and upcast one layer at a time into reused
 * buffers. Models whose fp32 copy fits in memory are upcast once and kept: no pass converts again.
 * Applies to fp32 on the CPU; on a GPU and in fp16 the {@link WeightPlan} keeps weights on the device.
 */
public enum WeightResidency {
    /** Resident when the fp32 copy of all weights fits in the free memory ({@link WeightPlan}). */
    AUTO,
    /** Every weight upcast once and kept as an fp32 tensor. */
    RESIDENT,
    /** Every layer's weights upcast just before use into per-shape buffers reused by all layers. */
    STREAMED;
}
