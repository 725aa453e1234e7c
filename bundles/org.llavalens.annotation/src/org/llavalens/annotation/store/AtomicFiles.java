package org.llavalens.annotation.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file so that a crash at any instant leaves either the old or the new content under its
 * name, never a mix: the bytes go to a temporary file in the same folder, are forced to disk, the old
 * version becomes {@code name.bak}, and the temporary file is renamed over the target; the folder is
 * then forced so the rename itself survives a power cut.
 */
public final class AtomicFiles {

    public static final String BACKUP_SUFFIX = ".bak";
    public static final String TEMP_SUFFIX = ".tmp";

    private AtomicFiles() {
    }

    public static Path backupOf(Path file) {
        return file.resolveSibling(file.getFileName() + BACKUP_SUFFIX);
    }

    /** True for the leftovers of a write that was interrupted (safe to delete while holding the project lock). */
    public static boolean isTemporary(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(".") && name.endsWith(TEMP_SUFFIX);
    }

    public static void write(Path target, byte[] content) throws IOException {
        write(target, content, true);
    }

    /** As {@link #write(Path, byte[])}; without a backup for files that can be made again (exports). */
    public static void write(Path target, byte[] content, boolean keepBackup) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", TEMP_SUFFIX);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            if (keepBackup && Files.exists(target)) {
                keepBackup(target);
            }
            move(tmp, target);
            forceDirectory(dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * The previous version becomes the backup without the target ever being absent: a hard link to it
     * is renamed over the old backup (a copy where the file system has no hard links).
     */
    private static void keepBackup(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path link = dir.resolve("." + target.getFileName() + ".bak." + System.nanoTime() + TEMP_SUFFIX);
        try {
            try {
                Files.createLink(link, target);
            } catch (UnsupportedOperationException | FileSystemException e) {
                Files.deleteIfExists(link);
                Files.copy(target, link);
                try (FileChannel ch = FileChannel.open(link, StandardOpenOption.WRITE)) {
                    ch.force(true);
                }
            }
            move(link, backupOf(target));
        } finally {
            Files.deleteIfExists(link);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system of " + to.getParent()
                    + " cannot rename atomically; keep projects on a local disk", e);
        }
    }

    /** Makes a rename durable (POSIX); a no-op where directories cannot be opened (Windows). */
    static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows cannot open a directory; NTFS journals the rename itself.
        }
    }
}
