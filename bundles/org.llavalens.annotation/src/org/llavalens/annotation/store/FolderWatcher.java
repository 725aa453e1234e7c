package org.llavalens.annotation.store;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Notices that files in some folders changed (another process saved a project file) and says so once
 * per change. The OS's {@link WatchService} wakes it at once on a local disk; on a network folder,
 * where the OS cannot see other machines' writes, it still notices within one polling interval, since
 * every wake-up (or timeout) compares a fingerprint of names, sizes and modification times. Temporary
 * files of writes under way are ignored.
 */
public final class FolderWatcher implements AutoCloseable {

    private final List<Path> folders;
    private final long pollNanos;
    private final Runnable onChange;
    private final Thread thread;
    private final WatchService watch;
    private volatile boolean closed;

    public FolderWatcher(List<Path> folders, Duration poll, Runnable onChange) {
        this.folders = List.copyOf(folders);
        this.pollNanos = poll.toNanos();
        this.onChange = onChange;
        this.watch = register(folders);
        this.thread = new Thread(this::run, "llavalens-watch " + folders.get(0).getFileName());
        thread.setDaemon(true);
    }

    public FolderWatcher start() {
        thread.start();
        return this;
    }

    /** Null when the folders cannot be watched (then polling alone notices changes). */
    private static WatchService register(List<Path> folders) {
        try {
            WatchService w = FileSystems.getDefault().newWatchService();
            for (Path f : folders) {
                if (Files.isDirectory(f)) {
                    f.register(w, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                            StandardWatchEventKinds.ENTRY_DELETE);
                }
            }
            return w;
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    private String fingerprint() {
        TreeMap<String, String> m = new TreeMap<>();
        for (Path f : folders) {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(f)) {
                for (Path p : s) {
                    if (AtomicFiles.isTemporary(p) || p.getFileName().toString().equals(ProjectLock.FILE_NAME)) {
                        continue;
                    }
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                    m.put(p.toString(), a.size() + "@" + a.lastModifiedTime().toMillis());
                }
            } catch (IOException e) {
                m.put(f.toString(), "unreadable");
            }
        }
        return m.toString();
    }

    private void run() {
        String last = fingerprint();
        while (!closed) {
            try {
                if (watch != null) {
                    WatchKey k = watch.poll(pollNanos, TimeUnit.NANOSECONDS);
                    if (k != null) {
                        k.pollEvents();
                        k.reset();
                    }
                } else {
                    Thread.sleep(Duration.ofNanos(pollNanos));
                }
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            String now = fingerprint();
            if (!closed && !now.equals(last)) {
                last = now;
                onChange.run();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        if (watch != null) {
            try {
                watch.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
