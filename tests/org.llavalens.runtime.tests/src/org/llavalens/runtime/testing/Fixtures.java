package org.llavalens.runtime.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** The reference fixtures copied into this fragment (tycho-surefire runs with the fragment's basedir as working dir). */
public final class Fixtures {

    private Fixtures() {
    }

    public static Path root() {
        Path p = Path.of("fixtures").toAbsolutePath();
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("fixtures not found at " + p);
        }
        return p;
    }

    public static Path dir(String name) {
        return root().resolve(name);
    }

    public static Path file(String dir, String name) {
        return dir(dir).resolve(name);
    }
}
