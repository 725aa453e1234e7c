package org.llavalens.annotation.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Exclusive right to write a project folder, between processes (an OS lock on {@code .llavalens.lock})
 * and between threads of this JVM (the OS lock is per process, and Java refuses overlapping locks).
 * Held only while files are written, never while a user edits.
 */
public final class ProjectLock implements AutoCloseable {

    public static final String FILE_NAME = ".llavalens.lock";

    private static final ConcurrentHashMap<Path, ReentrantLock> IN_JVM = new ConcurrentHashMap<>();

    private final ReentrantLock threadLock;
    /** Held on the lock file's channel ({@link FileLock#channel()}), which closing releases too. */
    private final FileLock lock;

    private ProjectLock(ReentrantLock threadLock, FileLock lock) {
        this.threadLock = threadLock;
        this.lock = lock;
    }

    public static ProjectLock acquire(Path projectDir, Duration timeout) throws IOException {
        Path dir = projectDir.toAbsolutePath().normalize();
        ReentrantLock threadLock = IN_JVM.computeIfAbsent(dir, d -> new ReentrantLock());
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            if (!threadLock.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new IOException("timed out waiting for another save of " + dir);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the project lock", e);
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(dir.resolve(FILE_NAME), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            while (true) {
                FileLock lock = channel.tryLock();
                if (lock != null) {
                    return new ProjectLock(threadLock, lock);
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("another process is writing " + dir + " (lock " + FILE_NAME
                            + " held longer than " + timeout.toSeconds() + " s)");
                }
                Thread.sleep(10);
            }
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            threadLock.unlock();
            throw e;
        } catch (InterruptedException e) {
            closeQuietly(channel);
            threadLock.unlock();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the project lock", e);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // already failing; the first error is the one to report
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
            lock.channel().close();
        } finally {
            threadLock.unlock();
        }
    }
}
