package org.llavalens.runtime.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.llavalens.runtime.compute.ComputeDevice;
import org.llavalens.runtime.compute.ComputeSettings;
import org.llavalens.runtime.compute.Precision;
import org.llavalens.runtime.io.DType;
import org.llavalens.runtime.io.TensorInfo;
import org.llavalens.runtime.io.WeightSource;

/** Where weights go, from device, precision and free memory (sizes only: no tensor is read). */
class WeightPlanTest {

    /** The 7B decoder's shapes in F16: 32 layers of 4 x 4096^2 + 3 x 4096 x 11008, plus two 32000 x 4096. */
    private static WeightSource llama7bF16() {
        Map<String, TensorInfo> infos = new LinkedHashMap<>();
        for (int l = 0; l < 32; l++) {
            for (String p : new String[] {"q", "k", "v", "o"}) {
                String n = "model.layers." + l + ".self_attn." + p + "_proj.weight";
                infos.put(n, new TensorInfo(n, DType.F16, new long[] {4096, 4096}));
            }
            for (String p : new String[] {"gate", "up", "down"}) {
                String n = "model.layers." + l + ".mlp." + p + "_proj.weight";
                infos.put(n, new TensorInfo(n, DType.F16, new long[] {11008, 4096}));
            }
        }
        infos.put("model.embed_tokens.weight", new TensorInfo("model.embed_tokens.weight", DType.F16,
                new long[] {32000, 4096}));
        infos.put("lm_head.weight", new TensorInfo("lm_head.weight", DType.F16, new long[] {32000, 4096}));
        return new WeightSource() {
            @Override
            public Set<String> names() {
                return infos.keySet();
            }

            @Override
            public boolean contains(String name) {
                return infos.containsKey(name);
            }

            @Override
            public TensorInfo info(String name) {
                return infos.get(name);
            }

            @Override
            public void readFloats(String name, FloatBuffer dest) {
                throw new AssertionError("a plan reads no tensor");
            }

            @Override
            public String contentHash() {
                return "";
            }

            @Override
            public DType storedDType() {
                return DType.F16;
            }

            @Override
            public void close() {
            }
        };
    }

    private static final long GB = 1_000_000_000L;

    @Test
    void cpuFp32KeepsTheUpcastCopyWhenItFitsAndStreamsWhenItDoesNot() {
        WeightSource w = llama7bF16();
        WeightPlan big = WeightPlan.choose(w, ComputeSettings.CPU_FP32, WeightResidency.AUTO, 64 * GB);
        assertEquals(WeightPlan.Placement.FP32_RESIDENT, big.placement());
        assertEquals(2 * big.storedBytes(), big.fp32Bytes(), "F16 -> fp32 doubles the bytes");
        WeightPlan small = WeightPlan.choose(w, ComputeSettings.CPU_FP32, WeightResidency.AUTO, 20 * GB);
        assertEquals(WeightPlan.Placement.FP32_STREAMED, small.placement());
        assertTrue(small.describe().contains("20.00 GB available"), small.describe());
        assertEquals(WeightPlan.Placement.FP32_RESIDENT,
                WeightPlan.choose(w, ComputeSettings.CPU_FP32, WeightResidency.RESIDENT, 1).placement());
        assertEquals(WeightPlan.Placement.FP32_STREAMED,
                WeightPlan.choose(w, ComputeSettings.CPU_FP32, WeightResidency.STREAMED, 1000 * GB).placement());
    }

    @Test
    void aGpuKeepsStoredPrecisionOnTheDeviceAndFp16KeepsHalves() {
        WeightSource w = llama7bF16();
        ComputeSettings gpu32 = new ComputeSettings(ComputeDevice.gpu(0), Precision.FP32);
        assertEquals(WeightPlan.Placement.STORED_ON_DEVICE,
                WeightPlan.choose(w, gpu32, WeightResidency.AUTO, GB).placement());
        for (ComputeDevice d : new ComputeDevice[] {ComputeDevice.CPU, ComputeDevice.gpu(1)}) {
            assertEquals(WeightPlan.Placement.HALF_RESIDENT,
                    WeightPlan.choose(w, new ComputeSettings(d, Precision.FP16), WeightResidency.AUTO, GB).placement());
        }
    }
}
