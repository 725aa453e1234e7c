package org.llavalens.runtime.io;

import java.nio.file.Path;

/** Static entry points for NumPy files; the implementation is {@link NpyArray}. */
public final class Npy {

    private Npy() {
    }

    public static NpyArray read(Path file) {
        return NpyArray.read(file);
    }

    public static void write(Path file, NpyArray array) {
        array.write(file);
    }
}
