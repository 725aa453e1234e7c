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
 * version becomes {@code name.bak} (older backups move on to {@code name.bak.2} ... {@code name.bak.N}),
 * and the temporary file is renamed over the target; the folder is then forced so the rename itself
 * survives a power cut.
 *
 * <p>The temporary file is created with the permissions the umask gives (not the 0600 of
 * {@link Files#createTempFile}): a project on a shared folder must stay readable by the team.
 */
public final class AtomicFiles {

    public static final String BACKUP_SUFFIX = ".bak";
    public static final String TEMP_SUFFIX = ".tmp";
    /** Backup generations kept of each project file: a rarely saved file still has older versions. */
    public static final int DEFAULT_BACKUPS = 5;

    private AtomicFiles() {
    }

    public static Path backupOf(Path file) {
        return backupOf(file, 1);
    }

    /** Generation {@code n} (1 = the newest) of the backups of {@code file}. */
    public static Path backupOf(Path file, int n) {
        return file.resolveSibling(file.getFileName() + BACKUP_SUFFIX + (n == 1 ? "" : "." + n));
    }

    /** The backups of {@code file} that exist, newest first. */
    public static java.util.List<Path> backupsOf(Path file) {
        java.util.List<Path> out = new java.util.ArrayList<>();
        for (int n = 1; n <= DEFAULT_BACKUPS; n++) {
            Path b = backupOf(file, n);
            if (Files.exists(b, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                out.add(b);
            }
        }
        return out;
    }

    /** True for the leftovers of a write that was interrupted (safe to delete while holding the project lock). */
    public static boolean isTemporary(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(".") && name.endsWith(TEMP_SUFFIX);
    }

    public static void write(Path target, byte[] content) throws IOException {
        write(target, content, DEFAULT_BACKUPS);
    }

    /** As {@link #write(Path, byte[])}; without a backup for files that can be made again (exports). */
    public static void write(Path target, byte[] content, boolean keepBackup) throws IOException {
        write(target, content, keepBackup ? DEFAULT_BACKUPS : 0);
    }

    /** As {@link #write(Path, byte[])}, keeping {@code backups} generations of the previous versions. */
    public static void write(Path target, byte[] content, int backups) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = newTemporary(dir, target.getFileName().toString());
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            if (backups > 0 && Files.exists(target)) {
                keepBackup(target, backups);
            }
            move(tmp, target);
            forceDirectory(dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * An empty temporary file beside a target, created like any new file (mode 0666 less the umask),
     * named so that {@link #isTemporary} recognises it.
     */
    public static Path newTemporary(Path dir, String targetName) throws IOException {
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve("." + targetName + "." + Long.toUnsignedString(r.nextLong(), 36) + TEMP_SUFFIX);
            try {
                FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return tmp;
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
            }
        }
    }

    /**
     * The previous version becomes the backup without the target ever being absent: older backups
     * move one generation on (each an atomic rename), then a hard link to the target is renamed over
     * the newest backup (a copy where the file system has no hard links).
     */
    private static void keepBackup(Path target, int generations) throws IOException {
        for (int n = generations; n > 1; n--) {
            Path older = backupOf(target, n - 1);
            if (Files.exists(older, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                move(older, backupOf(target, n));
            }
        }
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
            move(link, backupOf(target, 1));
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
