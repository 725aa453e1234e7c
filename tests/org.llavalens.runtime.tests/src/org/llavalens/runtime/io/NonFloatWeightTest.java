package org.llavalens.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llavalens.runtime.testing.SafetensorsBytes;

/** Integer tensors where float weights are read are refused with one line naming tensor and dtype. */
class NonFloatWeightTest {

    @TempDir
    Path tmp;

    @Test
    void int64WeightIsRefusedNamingTensorAndDtype() throws IOException {
        String header = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"model.layers.0.mlp.up_proj.weight\":{\"dtype\":\"I64\",\"shape\":[2,2],\"data_offsets\":[8,40]}}";
        Path f = SafetensorsBytes.write(tmp.resolve("ints.safetensors"), header, 40);
        try (SafetensorsFile s = SafetensorsFile.open(f)) {
            float[] ok = new float[2];
            s.readFloats("w", FloatBuffer.wrap(ok));
            assertArrayEquals(new float[2], ok);
            ModelFormatException e = assertThrows(ModelFormatException.class,
                    () -> s.readFloats("model.layers.0.mlp.up_proj.weight", FloatBuffer.wrap(new float[4])));
            String m = e.getMessage();
            assertTrue(m.contains("model.layers.0.mlp.up_proj.weight") && m.contains("I64"), m);
            assertTrue(!m.contains("\n"), m);
        }
    }
}
