package org.llavalens.runtime.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ComputeSettingsTest {

    @Test
    void devicesParseAndPrintBack() {
        assertEquals(ComputeDevice.CPU, ComputeDevice.parse("cpu"));
        assertEquals(ComputeDevice.gpu(0), ComputeDevice.parse("gpu"));
        assertEquals(ComputeDevice.gpu(3), ComputeDevice.parse("GPU:3"));
        assertEquals("gpu:3", ComputeDevice.gpu(3).toString());
        for (String bad : new String[] {"", "tpu", "gpu:", "gpu:-1", "gpu:x", "cpu:1"}) {
            assertThrows(IllegalArgumentException.class, () -> ComputeDevice.parse(bad), bad);
        }
    }

    @Test
    void precisionsParse() {
        assertEquals(Precision.FP32, Precision.parse("fp32"));
        assertEquals(Precision.FP16, Precision.parse("FP16"));
        assertThrows(IllegalArgumentException.class, () -> Precision.parse("bf16"));
    }

    @Test
    void aGpuThatIsNotThereFailsWithOneLine() {
        ComputeDevice missing = ComputeDevice.gpu(Devices.gpuCount());
        DeviceUnavailableException e = assertThrows(DeviceUnavailableException.class, () -> Devices.resolve(missing));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }
}
