package org.llavalens.demo;

import java.io.IOException;
import java.nio.file.Path;

import org.llavalens.demo.weights.TensorSet;
import org.llavalens.runtime.io.DType;

/** Stores a model's parameters in a folder as {@code model.safetensors}, in the given dtype. */
public interface WeightFileWriter {

    void write(TensorSet tensors, DType dtype, Path folder) throws IOException;
}
