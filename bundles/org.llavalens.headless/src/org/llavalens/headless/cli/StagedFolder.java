package org.llavalens.headless.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.llavalens.runtime.io.FileTrees;

/**
 * An output folder written in full before anyone sees it: files go into a hidden folder beside the
 * target, which replaces the target (by renames) only when {@link #commit} is called; a failure or a
 * refused input leaves nothing behind (the half-written folder is deleted on close) and the old
 * output, if any, untouched.
 */
public final class StagedFolder implements AutoCloseable {

    private final Path target;
    private final Path staging;
    private boolean committed;

    private StagedFolder(Path target) throws IOException {
        this.target = target.toAbsolutePath().normalize();
        Path parent = this.target.getParent();
        Files.createDirectories(parent);
        this.staging = Files.createDirectory(parent.resolve("." + this.target.getFileName() + ".partial-"
                + ProcessHandle.current().pid() + "-" + System.nanoTime()));
    }

    public static StagedFolder beside(Path target) throws IOException {
        return new StagedFolder(target);
    }

    /** Where to write. */
    public Path path() {
        return staging;
    }

    /** Puts the written folder in place of the target (the previous output is removed). */
    public void commit() throws IOException {
        Path old = null;
        if (Files.exists(target)) {
            old = target.resolveSibling("." + target.getFileName() + ".old-" + ProcessHandle.current().pid() + "-"
                    + System.nanoTime());
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        committed = true;
        if (old != null) {
            FileTrees.delete(old);
        }
    }

    @Override
    public void close() throws IOException {
        if (!committed) {
            FileTrees.delete(staging);
        }
    }
}
