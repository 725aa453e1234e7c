package org.llavalens.annotation;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.ResourceSet;
import org.llavalens.annotation.model.Sheet;
import org.llavalens.annotation.store.AtomicFiles;
import org.llavalens.annotation.store.Hashes;
import org.llavalens.annotation.store.ModelMerge;
import org.llavalens.annotation.store.ModelWriter;
import org.llavalens.annotation.store.ProjectLock;
import org.llavalens.annotation.store.ProjectPaths;
import org.llavalens.annotation.store.SafeXmi;

/**
 * The files of an open project and what this process knows of them: reading them on open (with
 * backup fallback, damaged sheets set aside, nothing read through a link that leaves the project)
 * and saving, the way Git and SQLite let many writers share one store:
 * <ul>
 * <li>one save at a time in this process (a save lock held from snapshot to write, so an older
 * snapshot can never be written over a newer one) and across processes (the project lock);</li>
 * <li>under the project lock, every file is compared by content with what this process last read
 * or wrote; what another process saved is merged into the live model ({@link ModelMerge}), sheets
 * other annotators created are loaded, and only then are the changed files written;</li>
 * <li>what cannot be merged keeps this process's version and the other one whole beside it as a
 * conflict copy, and the listeners are told ({@link SaveConflict}). Nothing is dropped silently.</li>
 * </ul>
 */
final class ProjectFiles {

    /** A file's content as this process last read or wrote it; {@link #ABSENT}: it had no file. */
    private record OnDisk(byte[] bytes, String sha) {
    }

    private static final OnDisk ABSENT = new OnDisk(null, null);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");

    private record Pending(Resource resource, Path file, byte[] bytes) {
    }

    private final AnnotationProject project;
    private final Path dir;
    private final ProjectPaths paths;
    private final ResourceSet resourceSet;
    private final ModelWriter writer;
    private final boolean readOnly;
    private final Map<Resource, OnDisk> disk = new ConcurrentHashMap<>();
    private final ReentrantLock saveLock = new ReentrantLock();
    private final List<String> notes = new CopyOnWriteArrayList<>();
    private final List<Consumer<SaveConflict>> conflictListeners = new CopyOnWriteArrayList<>();
    /** Sheet files that are never loaded (links leaving the project, a second sheet of one person). */
    private final Set<Path> refused = ConcurrentHashMap.newKeySet();

    ProjectFiles(AnnotationProject project, ResourceSet resourceSet, ModelWriter writer, boolean readOnly) {
        this.project = project;
        this.dir = project.directory();
        this.paths = project.paths();
        this.resourceSet = resourceSet;
        this.writer = writer;
        this.readOnly = readOnly;
    }

    boolean readOnly() {
        return readOnly;
    }

    List<String> notes() {
        return notes;
    }

    void addConflictListener(Consumer<SaveConflict> l) {
        conflictListeners.add(l);
    }

    void removeConflictListener(Consumer<SaveConflict> l) {
        conflictListeners.remove(l);
    }

    /** A resource made here that has no file yet (a new project or sheet). */
    void created(Resource r) {
        disk.put(r, ABSENT);
    }

    private String rel(Path file) {
        return dir.relativize(file).toString().replace('\\', '/');
    }

    static Path fileOf(Resource r) {
        return Path.of(r.getURI().toFileString());
    }

    /** The bytes of a project file; refuses one that is a link leaving the project. Null when missing. */
    private byte[] readInside(Path file) throws IOException {
        paths.resolve(rel(file));
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    // ---- opening ----------------------------------------------------------------------------

    /** Deletes the temporary files of writes that were killed (under the lock: nobody is writing). */
    void removeInterruptedWrites() throws IOException {
        if (readOnly || !Files.isWritable(dir)) {
            return; // a read-only open never writes; a read-only folder can still be read
        }
        try (ProjectLock lock = ProjectLock.acquire(dir, AnnotationProject.LOCK_TIMEOUT)) {
            for (Path folder : List.of(dir, dir.resolve(AnnotationProject.SHEETS_DIR))) {
                if (!Files.isDirectory(folder)) {
                    continue;
                }
                try (DirectoryStream<Path> s = Files.newDirectoryStream(folder)) {
                    for (Path f : s) {
                        if (AtomicFiles.isTemporary(f)) {
                            Files.deleteIfExists(f);
                        }
                    }
                }
            }
        }
    }

    /**
     * Loads {@code file} into {@code r}, else its newest readable backup.
     *
     * @return false when neither the file nor a backup reads (the caller decides: fail or set aside)
     * @throws IOException when the file is a link that leaves the project (never read)
     */
    boolean load(Resource r, Path file, String what, List<String> errors) throws IOException {
        paths.resolve(rel(file));
        List<Path> candidates = new ArrayList<>();
        candidates.add(file);
        candidates.addAll(AtomicFiles.backupsOf(file));
        for (Path c : candidates) {
            byte[] bytes;
            try {
                bytes = readInside(c);
            } catch (IOException e) {
                // e.g. permission denied: as unreadable as a torn file, so the backups are tried
                errors.add(rel(c) + ": " + e.getMessage());
                continue;
            }
            if (bytes == null) {
                errors.add(rel(c) + " is missing");
                continue;
            }
            try {
                SafeXmi.deserialize(r, bytes);
            } catch (IOException e) {
                errors.add(rel(c) + " is unreadable (" + e.getMessage() + ")");
                continue;
            }
            if (c.equals(file)) {
                disk.put(r, new OnDisk(bytes, Hashes.sha256(bytes)));
                return true;
            }
            openedBackup(r, file, c, what, errors.get(0));
            return true;
        }
        return false;
    }

    private void openedBackup(Resource r, Path file, Path backup, String what, String why) throws IOException {
        String note = what + " " + why + "; opened its backup " + rel(backup) + ", the last version before a save";
        if (readOnly) {
            notes.add(note + " (opened read-only: nothing was changed on disk)");
            disk.put(r, ABSENT);
            return;
        }
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            Path kept = file.resolveSibling(file.getFileName() + ".unreadable-" + System.currentTimeMillis());
            try (ProjectLock lock = ProjectLock.acquire(dir, AnnotationProject.LOCK_TIMEOUT)) {
                Files.move(file, kept);
            }
            note += ". The unreadable file was kept as " + kept.getFileName();
        }
        notes.add(note);
        disk.put(r, ABSENT);
        r.setModified(true);
    }

    /**
     * A sheet that cannot be opened is renamed (with its backups) so that the rest of the project
     * opens and its annotator's next save starts a new sheet; the message names where it went.
     */
    void setAside(Path file, String why) throws IOException {
        if (readOnly) {
            notes.add("sheet " + rel(file) + " was not opened: " + why + " (opened read-only: left as it is)");
            return;
        }
        String stamp = ".unreadable-" + System.currentTimeMillis();
        Path kept = file.resolveSibling(file.getFileName() + stamp);
        try (ProjectLock lock = ProjectLock.acquire(dir, AnnotationProject.LOCK_TIMEOUT)) {
            for (Path b : AtomicFiles.backupsOf(file)) {
                Files.move(b, b.resolveSibling(b.getFileName() + stamp));
            }
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                Files.move(file, kept);
            }
        }
        notes.add("sheet " + rel(file) + " was set aside as " + rel(kept) + ": " + why
                + "; the other sheets opened");
    }

    /** Sheet files, including ones that survive only as a backup. */
    static List<Path> sheetFiles(Path sheetDir) throws IOException {
        Set<Path> files = new HashSet<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(sheetDir)) {
            for (Path f : s) {
                String n = f.getFileName().toString();
                if (n.startsWith(".")) {
                    continue;
                }
                if (n.endsWith(".xmi")) {
                    files.add(f);
                }
                for (int g = 1; g <= AtomicFiles.DEFAULT_BACKUPS; g++) {
                    String suffix = AtomicFiles.backupOf(Path.of("x.xmi"), g).getFileName().toString().substring(1);
                    if (n.endsWith(suffix)) {
                        files.add(f.resolveSibling(n.substring(0, n.length() - suffix.length() + 4)));
                    }
                }
            }
        }
        List<Path> sorted = new ArrayList<>(files);
        Collections.sort(sorted);
        return sorted;
    }

    // ---- saving -----------------------------------------------------------------------------

    /**
     * Merges what other processes saved, then writes every changed file atomically (project file
     * first, so cases exist before labels that refer to them). Safe to call from any thread.
     *
     * @return the number of files written
     */
    int save() throws IOException {
        if (readOnly) {
            throw new IOException("the project " + dir + " was opened read-only; nothing is written");
        }
        writer.realm().acquire(saveLock);
        List<SaveConflict> conflicts = new ArrayList<>();
        int written = 0;
        try (ProjectLock lock = ProjectLock.acquire(dir, AnnotationProject.LOCK_TIMEOUT)) {
            absorbOthers(conflicts);
            List<Pending> pending = snapshot();
            for (int i = 0; i < pending.size(); i++) {
                Pending p = pending.get(i);
                try {
                    AtomicFiles.write(p.file(), p.bytes());
                } catch (IOException | RuntimeException e) {
                    markModified(pending.subList(i, pending.size()).stream().map(Pending::resource).toList());
                    throw e;
                }
                disk.put(p.resource(), new OnDisk(p.bytes(), Hashes.sha256(p.bytes())));
                written++;
            }
        } finally {
            saveLock.unlock();
            // told even when the write failed: the conflict copies are on disk either way
            for (SaveConflict c : conflicts) {
                conflictListeners.forEach(l -> l.accept(c));
            }
        }
        return written;
    }

    /** Serialises every changed resource and marks it saved; the save lock keeps this snapshot the newest written. */
    private List<Pending> snapshot() throws IOException {
        List<Pending> pending = new ArrayList<>();
        ReentrantLock modelLock = writer.lock();
        modelLock.lock();
        try {
            List<Resource> order = new ArrayList<>(resourceSet.getResources());
            Resource main = project.projectResource();
            order.remove(main);
            order.add(0, main);
            for (Resource r : order) {
                if (r.isModified() || !disk.containsKey(r)) {
                    pending.add(new Pending(r, fileOf(r), SafeXmi.serialize(r)));
                    r.setModified(false);
                }
            }
        } finally {
            modelLock.unlock();
        }
        return pending;
    }

    private void markModified(List<Resource> resources) {
        ReentrantLock modelLock = writer.lock();
        modelLock.lock();
        try {
            resources.forEach(r -> r.setModified(true));
        } finally {
            modelLock.unlock();
        }
    }

    /** Compares every file with what was last seen here and takes in what other processes saved. */
    private void absorbOthers(List<SaveConflict> conflicts) throws IOException {
        List<Resource> known;
        ReentrantLock modelLock = writer.lock();
        modelLock.lock();
        try {
            known = List.copyOf(resourceSet.getResources());
        } finally {
            modelLock.unlock();
        }
        Set<Path> knownFiles = new HashSet<>();
        for (Resource r : known) {
            Path file = fileOf(r);
            knownFiles.add(file);
            OnDisk seen = disk.getOrDefault(r, ABSENT);
            byte[] now = readInside(file);
            if (now == null) {
                if (seen.bytes() != null) {
                    markModified(List.of(r)); // removed elsewhere (a checkout?): written back, not lost
                }
                continue;
            }
            String sha = Hashes.sha256(now);
            if (!sha.equals(seen.sha())) {
                absorb(r, file, seen, now, sha, conflicts);
            }
        }
        Path sheetDir = dir.resolve(AnnotationProject.SHEETS_DIR);
        if (Files.isDirectory(sheetDir)) {
            for (Path f : sheetFiles(sheetDir)) {
                if (!knownFiles.contains(f) && Files.exists(f)) {
                    adoptSheet(f);
                }
            }
        }
    }

    private void absorb(Resource r, Path file, OnDisk seen, byte[] theirs, String sha, List<SaveConflict> out)
            throws IOException {
        EObject theirsRoot = parse(theirs);
        EObject ours = r.getContents().isEmpty() ? null : r.getContents().get(0);
        if (theirsRoot == null || ours == null || theirsRoot.eClass() != ours.eClass()) {
            // not a version of this file (torn by hand, another kind of content): kept whole, ours written
            Path copy = keepCopy(file, theirs);
            out.add(new SaveConflict(rel(file), rel(copy), List.of("the other version is not a readable "
                    + (ours == null ? "file" : ours.eClass().getName()))));
            disk.put(r, new OnDisk(theirs, sha));
            markModified(List.of(r));
            return;
        }
        EObject base = seen.bytes() == null ? null : parse(seen.bytes());
        List<String> items = new ArrayList<>();
        writer.write(ProjectListener.Kind.SYSTEM, "take in what another process saved in " + rel(file),
                () -> items.addAll(ModelMerge.merge(base, ours, theirsRoot)));
        if (!items.isEmpty()) {
            Path copy = keepCopy(file, theirs);
            out.add(new SaveConflict(rel(file), rel(copy), List.copyOf(items)));
        }
        disk.put(r, new OnDisk(theirs, sha));
        // what now differs from their version is what this process changed: that is what this save writes
        ReentrantLock modelLock = writer.lock();
        modelLock.lock();
        try {
            r.setModified(!Arrays.equals(SafeXmi.serialize(r), theirs));
        } finally {
            modelLock.unlock();
        }
    }

    /** A detached copy of a file's content, or null when it does not parse. */
    private EObject parse(byte[] bytes) {
        ResourceSet scratch = SafeXmi.resourceSet(dir);
        Resource r = scratch.createResource(URI.createFileURI(dir.resolve("scratch.xmi").toString()));
        try {
            SafeXmi.deserialize(r, bytes);
        } catch (IOException e) {
            return null;
        }
        return r.getContents().isEmpty() ? null : r.getContents().get(0);
    }

    /** The other version, whole, beside the file (a name no open ever loads as a project file). */
    private Path keepCopy(Path file, byte[] bytes) throws IOException {
        Path copy = file.resolveSibling(file.getFileName() + ".conflict-" + LocalDateTime.now().format(STAMP));
        AtomicFiles.write(copy, bytes, 0);
        return copy;
    }

    /** Remembers a sheet file that is never to be read, with the reason told once. */
    void refuse(Path file, String why) {
        if (refused.add(file)) {
            notes.add("sheet " + rel(file) + " was not opened: " + why);
        }
    }

    /** A sheet another process created since this one opened the project (a new annotator). */
    private void adoptSheet(Path file) throws IOException {
        if (refused.contains(file)) {
            return;
        }
        byte[] bytes;
        try {
            bytes = readInside(file);
        } catch (IOException e) {
            refuse(file, e.getMessage());
            return;
        }
        if (bytes == null || !(parse(bytes) instanceof Sheet s) || s.getPerson() == null) {
            return; // not a sheet (yet): whoever wrote it is told when they open it
        }
        if (project.hasSheet(s.getPerson())) {
            refuse(file, "it names " + s.getPerson() + ", who has another sheet");
            return;
        }
        writer.write(ProjectListener.Kind.SYSTEM, "load the sheet of " + s.getPerson(), () -> {
            Resource r = resourceSet.createResource(URI.createFileURI(file.toString()));
            try {
                SafeXmi.deserialize(r, bytes);
            } catch (IOException e) {
                throw new IllegalStateException("parsed once, then not: " + e.getMessage(), e);
            }
            project.adoptSheet((Sheet) r.getContents().get(0));
            disk.put(r, new OnDisk(bytes, Hashes.sha256(bytes)));
        });
    }
}
