package org.llavalens.runtime.testing;

import java.nio.file.Path;

import org.llavalens.fixtures.ReferenceFixtures;

/** The reference fixtures (bundle org.llavalens.fixtures), as the runtime tests name them. */
public final class Fixtures {

    private Fixtures() {
    }

    public static Path root() {
        return ReferenceFixtures.root();
    }

    public static Path dir(String name) {
        return ReferenceFixtures.dir(name);
    }

    public static Path file(String dir, String name) {
        return ReferenceFixtures.file(dir, name);
    }
}
