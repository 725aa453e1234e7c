package org.llavalens.annotation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

import org.eclipse.emf.common.command.Command;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.ResourceSet;
import org.eclipse.emf.edit.domain.AdapterFactoryEditingDomain;
import org.eclipse.emf.edit.domain.EditingDomain;
import org.eclipse.emf.edit.provider.ReflectiveItemProviderAdapterFactory;
import org.llavalens.annotation.model.Annotation;
import org.llavalens.annotation.model.AnnotationFactory;
import org.llavalens.annotation.model.Case;
import org.llavalens.annotation.model.Dataset;
import org.llavalens.annotation.model.Project;
import org.llavalens.annotation.model.ResultLink;
import org.llavalens.annotation.model.ReviewEntry;
import org.llavalens.annotation.model.Sheet;
import org.llavalens.annotation.store.AtomicFiles;
import org.llavalens.annotation.store.Hashes;
import org.llavalens.annotation.store.LockingCommandStack;
import org.llavalens.annotation.store.ModelWriter;
import org.llavalens.annotation.store.ProjectLock;
import org.llavalens.annotation.store.ProjectPaths;
import org.llavalens.annotation.store.SafeXmi;
import org.llavalens.annotation.store.SaveConflictException;

/**
 * An open annotation project: a folder holding {@code project.xmi} (taxonomy, datasets, cases), one
 * sheet per person under {@code sheets/} (their labels and review entries), the images and the saved
 * attribution results. Every change of the user goes through the command stack (undo/redo), every
 * change of the application through {@link #applySystemChange}, both in the project's
 * {@link ModelRealm}; {@link #save()}
 * writes the changed files atomically, keeping the previous version of each as {@code .bak}.
 *
 * <p>Opening recovers: a missing or unreadable file is replaced by its backup, and
 * {@link #recoveryNotes()} says so. Writes from two processes are serialised by a lock file, and a
 * file rewritten by another process since it was read is never overwritten
 * ({@link SaveConflictException}).
 */
public final class AnnotationProject implements AutoCloseable {

    public static final String PROJECT_FILE = "project.xmi";
    public static final String SHEETS_DIR = "sheets";
    public static final String IMAGES_DIR = "images";
    public static final String RESULTS_DIR = "results";
    public static final Duration LOCK_TIMEOUT = Duration.ofSeconds(30);

    private final Path dir;
    private final ProjectPaths paths;
    private final ResourceSet resourceSet;
    private final ModelWriter writer = new ModelWriter();
    private final ReentrantLock modelLock = writer.lock();
    private final LockingCommandStack commandStack = new LockingCommandStack(writer);
    private final EditingDomain domain;
    private final Resource projectResource;
    private final Map<String, Sheet> sheets = new LinkedHashMap<>();
    /** SHA-256 of each file as this process last read or wrote it (null: the file did not exist). */
    private final Map<Resource, String> diskHashes = new HashMap<>();
    private final List<String> recoveryNotes = new CopyOnWriteArrayList<>();
    private Autosave autosave;
    private Map<String, Case> caseIndex;
    private long caseIndexAt = -1;

    private AnnotationProject(Path dir) throws IOException {
        this.dir = dir.toAbsolutePath().normalize();
        this.paths = new ProjectPaths(this.dir);
        this.resourceSet = SafeXmi.resourceSet(this.dir);
        this.domain = new AdapterFactoryEditingDomain(new ReflectiveItemProviderAdapterFactory(), commandStack,
                resourceSet);
        this.projectResource = resourceSet.createResource(uri(this.dir.resolve(PROJECT_FILE)));
    }

    /** Creates a new project in {@code dir} (which must not hold one) with the default taxonomy. */
    public static AnnotationProject create(Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        if (Files.exists(dir.resolve(PROJECT_FILE)) || Files.exists(AtomicFiles.backupOf(dir.resolve(PROJECT_FILE)))) {
            throw new IOException("there is already a project in " + dir);
        }
        AnnotationProject p = new AnnotationProject(dir);
        Project model = AnnotationFactory.eINSTANCE.createProject();
        model.setName(name == null || name.isBlank() ? dir.toAbsolutePath().normalize().getFileName().toString() : name);
        model.setCreated(new Date());
        model.setTaxonomy(Taxonomies.createDefault());
        p.projectResource.getContents().add(model);
        p.diskHashes.put(p.projectResource, null);
        Files.createDirectories(p.dir.resolve(SHEETS_DIR));
        Files.createDirectories(p.dir.resolve(RESULTS_DIR));
        Path ignore = p.dir.resolve(".gitignore");
        if (!Files.exists(ignore)) {
            // a project is meant to be versioned; the lock, temp files and backups are not history
            AtomicFiles.write(ignore, String.join("\n", ProjectLock.FILE_NAME, ".*" + AtomicFiles.TEMP_SUFFIX,
                    "*" + AtomicFiles.BACKUP_SUFFIX, "*.unreadable-*", "").getBytes(StandardCharsets.UTF_8), false);
        }
        p.save();
        return p;
    }

    public static AnnotationProject open(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("no project folder " + dir);
        }
        AnnotationProject p = new AnnotationProject(dir);
        p.removeInterruptedWrites();
        p.load(p.projectResource, p.dir.resolve(PROJECT_FILE), "project file");
        if (p.projectResource.getContents().isEmpty()
                || !(p.projectResource.getContents().get(0) instanceof Project)) {
            throw new IOException(p.dir.resolve(PROJECT_FILE) + " does not hold a project");
        }
        Path sheetDir = p.dir.resolve(SHEETS_DIR);
        if (Files.isDirectory(sheetDir)) {
            for (Path file : sheetFiles(sheetDir)) {
                Resource r = p.resourceSet.createResource(uri(file));
                p.load(r, file, "sheet " + file.getFileName());
                if (r.getContents().isEmpty() || !(r.getContents().get(0) instanceof Sheet sheet)) {
                    throw new IOException(file + " does not hold a sheet");
                }
                Sheet previous = p.sheets.put(sheet.getPerson(), sheet);
                if (previous != null) {
                    throw new IOException("two sheets for " + sheet.getPerson() + " in " + sheetDir);
                }
            }
        }
        p.reportOrphans();
        return p;
    }

    /** Sheet files, including ones that survive only as a backup. */
    private static List<Path> sheetFiles(Path sheetDir) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(sheetDir)) {
            for (Path f : s) {
                String n = f.getFileName().toString();
                if (n.startsWith(".")) {
                    continue;
                }
                if (n.endsWith(".xmi")) {
                    files.add(f);
                } else if (n.endsWith(".xmi" + AtomicFiles.BACKUP_SUFFIX)) {
                    Path main = f.resolveSibling(n.substring(0, n.length() - AtomicFiles.BACKUP_SUFFIX.length()));
                    if (!Files.exists(main)) {
                        files.add(main);
                    }
                }
            }
        }
        Collections.sort(files);
        return files;
    }

    private void removeInterruptedWrites() throws IOException {
        if (!Files.isWritable(dir)) {
            return; // a read-only project can still be read, reported and exported
        }
        try (ProjectLock lock = ProjectLock.acquire(dir, LOCK_TIMEOUT)) {
            for (Path folder : List.of(dir, dir.resolve(SHEETS_DIR))) {
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

    /** Loads {@code file}, falling back to its backup when it is missing or unreadable. */
    private void load(Resource r, Path file, String what) throws IOException {
        IOException mainError = null;
        if (Files.exists(file)) {
            byte[] bytes = Files.readAllBytes(file);
            try {
                SafeXmi.deserialize(r, bytes);
                diskHashes.put(r, Hashes.sha256(bytes));
                return;
            } catch (IOException e) {
                mainError = e;
            }
        }
        Path backup = AtomicFiles.backupOf(file);
        if (!Files.exists(backup)) {
            throw new IOException(what + " " + file + (mainError == null ? " is missing" : " is unreadable ("
                    + mainError.getMessage() + ")") + " and has no backup", mainError);
        }
        try {
            SafeXmi.deserialize(r, Files.readAllBytes(backup));
        } catch (IOException e) {
            IOException fail = new IOException(what + " " + file + " and its backup are both unreadable: "
                    + e.getMessage(), e);
            if (mainError != null) {
                fail.addSuppressed(mainError);
            }
            throw fail;
        }
        if (mainError != null) {
            Path kept = file.resolveSibling(file.getFileName() + ".unreadable-" + Instant.now().toEpochMilli());
            try (ProjectLock lock = ProjectLock.acquire(dir, LOCK_TIMEOUT)) {
                Files.move(file, kept);
            }
            recoveryNotes.add(what + " " + dir.relativize(file) + " was unreadable (" + mainError.getMessage()
                    + "); opened its backup, the last version before the latest save. The unreadable file was kept as "
                    + kept.getFileName());
        } else {
            recoveryNotes.add(what + " " + dir.relativize(file) + " was missing; opened its backup, the last version"
                    + " before the latest save");
        }
        diskHashes.put(r, null);
        r.setModified(true);
    }

    private void reportOrphans() {
        Map<String, Case> cases = caseIndex();
        for (Sheet s : sheets.values()) {
            long orphans = s.getAnnotations().stream().filter(a -> !cases.containsKey(a.getCaseId())).count();
            if (orphans > 0) {
                recoveryNotes.add("sheet of " + s.getPerson() + " has " + orphans
                        + " labels of cases that are not in the project; they are kept");
            }
        }
    }

    private static URI uri(Path file) {
        return URI.createFileURI(file.toString());
    }

    public Path directory() {
        return dir;
    }

    public ProjectPaths paths() {
        return paths;
    }

    public Project model() {
        return (Project) projectResource.getContents().get(0);
    }

    public EditingDomain editingDomain() {
        return domain;
    }

    public LockingCommandStack commandStack() {
        return commandStack;
    }

    /** Runs {@code command} on the stack (undoable), in the realm; fails if it cannot execute. */
    public void execute(Command command) {
        write(null, null, () -> {
            if (!command.canExecute()) {
                throw new IllegalArgumentException("cannot "
                        + (command.getLabel() == null ? "do that" : command.getLabel()));
            }
            commandStack.execute(command);
        });
    }

    /**
     * Applies a change the application makes, not the user (a result attached, the model's answer
     * recorded): in the realm, under the model lock, saved like a command (the resource is marked
     * modified and the autosave woken), but not on the undo stack, so Undo still takes back the
     * user's last edit. A later undo of an older user command must not depend on what a system
     * change touched: system changes keep to features users do not edit (results, model output).
     *
     * @param label what the change does, for errors and listeners
     */
    public void applySystemChange(String label, Command command) {
        write(ProjectListener.Kind.SYSTEM, label, () -> {
            if (!command.canExecute()) {
                throw new IllegalArgumentException("cannot " + (label == null ? "do that" : label));
            }
            command.execute();
            for (Object o : command.getAffectedObjects()) {
                if (o instanceof org.eclipse.emf.ecore.EObject e && e.eResource() != null) {
                    e.eResource().setModified(true);
                }
            }
        });
    }

    /**
     * Makes {@code r} the realm every model write runs in (the workbench: its UI thread). The default
     * runs writes in the caller's thread.
     */
    public void setRealm(ModelRealm r) {
        writer.setRealm(r);
    }

    public ModelRealm realm() {
        return writer.realm();
    }

    public void addProjectListener(ProjectListener l) {
        writer.addListener(l);
    }

    public void removeProjectListener(ProjectListener l) {
        writer.removeListener(l);
    }

    private void write(ProjectListener.Kind kind, String label, Runnable change) {
        writer.write(kind, label, change);
    }

    /** The lock that guards the model against the background save; hold it to read from another thread. */
    public ReentrantLock modelLock() {
        return modelLock;
    }

    /** Messages about what opening had to repair; empty when every file was intact. */
    public List<String> recoveryNotes() {
        return List.copyOf(recoveryNotes);
    }

    public Collection<Sheet> sheets() {
        return Collections.unmodifiableCollection(sheets.values());
    }

    /** The sheet of {@code person}, created (empty, not yet written) if they have none. */
    public Sheet sheet(String person) {
        if (person == null || person.isBlank()) {
            throw new IllegalArgumentException("a person needs a name");
        }
        String who = person.strip();
        modelLock.lock();
        try {
            Sheet s = sheets.get(who);
            if (s != null) {
                return s;
            }
        } finally {
            modelLock.unlock();
        }
        // a new sheet adds a resource that the views may be iterating: a write like any other
        write(null, null, () -> {
            if (!sheets.containsKey(who)) {
                Path file = dir.resolve(SHEETS_DIR).resolve(fileNameFor(who));
                Resource r = resourceSet.createResource(uri(file));
                Sheet s = AnnotationFactory.eINSTANCE.createSheet();
                s.setPerson(who);
                r.getContents().add(s);
                r.setModified(false);
                diskHashes.put(r, null);
                sheets.put(who, s);
            }
        });
        modelLock.lock();
        try {
            return sheets.get(who);
        } finally {
            modelLock.unlock();
        }
    }

    /** A file name for a person that any file system accepts and that cannot leave the folder. */
    static String fileNameFor(String person) {
        StringBuilder b = new StringBuilder();
        for (byte c : person.getBytes(StandardCharsets.UTF_8)) {
            int ch = c & 0xff;
            if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-'
                    || ch == '_' || (ch == '.' && b.length() > 0)) {
                b.append((char) ch);
            } else {
                b.append('%').append(String.format("%02X", ch));
            }
        }
        return b + ".xmi";
    }

    /** The image file of a case; refuses a stored path that leaves the project (also through a link). */
    public Path imageFile(Case c) throws IOException {
        return paths.resolve(c.getImage());
    }

    /** True when the image still has the content hash recorded when it was imported. */
    public boolean imageIntact(Case c) throws IOException {
        Path f = imageFile(c);
        return Files.isRegularFile(f) && Hashes.sha256(f).equals(c.getImageSha256());
    }

    /** The saved attribution result a link names; refuses a path that leaves the project. */
    public Path resultFile(ResultLink link) throws IOException {
        return paths.resolve(link.getPath());
    }

    public Case findCase(String id) {
        return caseIndex().get(id);
    }

    /** Every case of every dataset by id. */
    public Map<String, Case> caseIndex() {
        modelLock.lock();
        try {
            if (caseIndex == null || caseIndexAt != writer.changeCount()) {
                Map<String, Case> m = new LinkedHashMap<>();
                for (Dataset d : model().getDatasets()) {
                    for (Case c : d.getCases()) {
                        m.put(c.getId(), c);
                    }
                }
                caseIndex = m;
                caseIndexAt = writer.changeCount();
            }
            return caseIndex;
        } finally {
            modelLock.unlock();
        }
    }

    /** The labels of a case, one per annotator who labelled it. */
    public List<Annotation> annotations(Case c) {
        List<Annotation> out = new ArrayList<>();
        for (Sheet s : sheets.values()) {
            for (Annotation a : s.getAnnotations()) {
                if (c.getId().equals(a.getCaseId())) {
                    out.add(a);
                }
            }
        }
        return out;
    }

    /** The review entries of a case, oldest first. */
    public List<ReviewEntry> reviews(Case c) {
        List<ReviewEntry> out = new ArrayList<>();
        for (Sheet s : sheets.values()) {
            for (ReviewEntry e : s.getReviews()) {
                if (c.getId().equals(e.getCaseId())) {
                    out.add(e);
                }
            }
        }
        out.sort(ReviewStates.CHRONOLOGICAL);
        return out;
    }

    /** True while some change has not been written. */
    public boolean isDirty() {
        modelLock.lock();
        try {
            return resourceSet.getResources().stream().anyMatch(Resource::isModified);
        } finally {
            modelLock.unlock();
        }
    }

    private record Pending(Resource resource, Path file, byte[] bytes) {
    }

    /**
     * Writes every changed file atomically (project file first, so cases exist before labels that
     * refer to them). Safe to call from any thread.
     *
     * @return the number of files written
     */
    public int save() throws IOException {
        List<Pending> pending = new ArrayList<>();
        modelLock.lock();
        try {
            List<Resource> order = new ArrayList<>(resourceSet.getResources());
            order.remove(projectResource);
            order.add(0, projectResource);
            for (Resource r : order) {
                if (r.isModified() || !diskHashes.containsKey(r)) {
                    pending.add(new Pending(r, Path.of(r.getURI().toFileString()), SafeXmi.serialize(r)));
                    r.setModified(false);
                }
            }
        } finally {
            modelLock.unlock();
        }
        if (pending.isEmpty()) {
            return 0;
        }
        int written = 0;
        List<Pending> failed = new ArrayList<>();
        List<String> conflicts = new ArrayList<>();
        try (ProjectLock lock = ProjectLock.acquire(dir, LOCK_TIMEOUT)) {
            for (Pending p : pending) {
                String expected = diskHashes.get(p.resource());
                String onDisk = Files.exists(p.file()) ? Hashes.sha256(p.file()) : null;
                if (onDisk != null && !onDisk.equals(expected)) {
                    conflicts.add(dir.relativize(p.file()).toString());
                    failed.add(p);
                    continue;
                }
                try {
                    AtomicFiles.write(p.file(), p.bytes());
                } catch (IOException | RuntimeException e) {
                    failed.add(p);
                    throw e;
                }
                diskHashes.put(p.resource(), Hashes.sha256(p.bytes()));
                written++;
            }
        } catch (IOException | RuntimeException e) {
            markUnsaved(pending, failed);
            throw e;
        }
        if (!conflicts.isEmpty()) {
            markUnsaved(pending, failed);
            throw new SaveConflictException(String.join(", ", conflicts) + (conflicts.size() == 1 ? " was" : " were")
                    + " changed by another process since read here; not overwritten, the changes made here are kept"
                    + " in memory (the other files were saved)");
        }
        return written;
    }

    /** Marks as unsaved what this save did not write (conflicts, and everything after an I/O error). */
    private void markUnsaved(List<Pending> pending, List<Pending> failed) {
        modelLock.lock();
        try {
            for (Pending p : pending) {
                if (failed.contains(p) || !diskHashes.containsKey(p.resource())
                        || !Hashes.sha256(p.bytes()).equals(diskHashes.get(p.resource()))) {
                    p.resource().setModified(true);
                }
            }
        } finally {
            modelLock.unlock();
        }
    }

    /**
     * Starts saving in the background {@code quiet} after the last change, and at least every
     * {@code maxDelay} while changes keep coming.
     */
    public synchronized Autosave startAutosave(Duration quiet, Duration maxDelay) {
        if (autosave == null) {
            Autosave a = new Autosave(this, quiet, maxDelay);
            writer.addListener(change -> a.changed());
            autosave = a;
        }
        return autosave;
    }

    /** Writes what is unsaved and stops the autosave. */
    @Override
    public void close() throws IOException {
        Autosave a;
        synchronized (this) {
            a = autosave;
        }
        if (a != null) {
            a.close();
        }
        save();
    }
}
