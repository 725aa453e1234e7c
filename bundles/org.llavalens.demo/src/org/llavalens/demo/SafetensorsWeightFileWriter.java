package org.llavalens.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import org.llavalens.demo.weights.TensorSet;
import org.llavalens.runtime.io.DType;
import org.llavalens.runtime.io.SafetensorsWriter;

/** One {@code model.safetensors} under the legacy llava-hf / LLaMA names, via the runtime's writer. */
public final class SafetensorsWeightFileWriter implements WeightFileWriter {

    @Override
    public void write(TensorSet tensors, DType dtype, Path folder) throws IOException {
        SafetensorsWriter writer = new SafetensorsWriter(dtype);
        tensors.copyTo(writer::add);
        try {
            writer.write(folder);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
