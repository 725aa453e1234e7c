package org.llavalens.annotation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

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

/**
 * An open annotation project: a folder holding {@code project.xmi} (taxonomy, datasets, cases), one
 * sheet per person under {@code sheets/} (their labels and review entries), the images and the saved
 * attribution results. Every change of the user goes through the command stack (undo/redo), every
 * change of the application through {@link #applySystemChange}, both in the project's
 * {@link ModelRealm}; {@link #save()} writes the changed files atomically, keeping earlier versions
 * as backups ({@code .bak}, {@code .bak.2} ...).
 *
 * <p>Opening recovers: a missing or unreadable file is replaced by its newest readable backup, a
 * sheet that cannot be read is set aside, and {@link #recoveryNotes()} says so. Several people and
 * processes may share a project (docs/team.md): saves are serialised by a lock file, and what another
 * process saved is merged in before writing, never overwritten ({@link SaveConflict}).
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
    /** The files and what this process knows of them: loading, merging, saving. */
    private final ProjectFiles files;
    private Autosave autosave;
    private final CaseLookup lookup;

    private AnnotationProject(Path dir, boolean readOnly) throws IOException {
        this.dir = dir.toAbsolutePath().normalize();
        this.paths = new ProjectPaths(this.dir);
        this.resourceSet = SafeXmi.resourceSet(this.dir);
        this.domain = new AdapterFactoryEditingDomain(new ReflectiveItemProviderAdapterFactory(), commandStack,
                resourceSet);
        this.projectResource = resourceSet.createResource(uri(this.dir.resolve(PROJECT_FILE)));
        this.files = new ProjectFiles(this, resourceSet, writer, readOnly);
        this.lookup = new CaseLookup(this::model, sheets.values(), writer, modelLock);
    }

    /** Creates a new project in {@code dir} (which must not hold one) with the default taxonomy. */
    public static AnnotationProject create(Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        if (Files.exists(dir.resolve(PROJECT_FILE)) || Files.exists(AtomicFiles.backupOf(dir.resolve(PROJECT_FILE)))) {
            throw new IOException("there is already a project in " + dir);
        }
        AnnotationProject p = new AnnotationProject(dir, false);
        Project model = AnnotationFactory.eINSTANCE.createProject();
        model.setName(name == null || name.isBlank() ? dir.toAbsolutePath().normalize().getFileName().toString() : name);
        model.setCreated(new Date());
        model.setTaxonomy(Taxonomies.createDefault());
        p.projectResource.getContents().add(model);
        p.files.created(p.projectResource);
        Files.createDirectories(p.dir.resolve(SHEETS_DIR));
        Files.createDirectories(p.dir.resolve(RESULTS_DIR));
        Path ignore = p.dir.resolve(".gitignore");
        if (!Files.exists(ignore)) {
            // a project is meant to be versioned; the lock, temp files and backups are not history
            AtomicFiles.write(ignore, String.join("\n", ProjectLock.FILE_NAME, ".*" + AtomicFiles.TEMP_SUFFIX,
                    "*" + AtomicFiles.BACKUP_SUFFIX, "*" + AtomicFiles.BACKUP_SUFFIX + ".*", "*.unreadable-*", "").getBytes(StandardCharsets.UTF_8), false);
        }
        p.save();
        return p;
    }

    /** Opens a project to read and write it; what opening had to repair is in {@link #recoveryNotes()}. */
    public static AnnotationProject open(Path dir) throws IOException {
        return open(dir, false);
    }

    /**
     * Opens a project only to read it (status, export, agreement): nothing on disk is changed, not
     * even to repair it, and {@link #save()} refuses.
     */
    public static AnnotationProject openReadOnly(Path dir) throws IOException {
        return open(dir, true);
    }

    private static AnnotationProject open(Path dir, boolean readOnly) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("no project folder " + dir);
        }
        AnnotationProject p = new AnnotationProject(dir, readOnly);
        p.files.removeInterruptedWrites();
        Path main = p.dir.resolve(PROJECT_FILE);
        List<String> errors = new ArrayList<>();
        if (!p.files.load(p.projectResource, main, "project file", errors)) {
            throw new IOException("project file " + main + (errors.size() == 1 ? " " + errors.get(0) + " and has no backup"
                    : " and its backups are all unreadable: " + String.join("; ", errors)));
        }
        if (p.projectResource.getContents().isEmpty()
                || !(p.projectResource.getContents().get(0) instanceof Project)) {
            throw new IOException(main + " does not hold a project");
        }
        Path sheetDir = p.dir.resolve(SHEETS_DIR);
        if (Files.isDirectory(sheetDir)) {
            for (Path file : ProjectFiles.sheetFiles(sheetDir)) {
                p.openSheet(file);
            }
        }
        p.reportOrphans();
        return p;
    }

    /** Loads one sheet; one that cannot be read is set aside and the others still open. */
    private void openSheet(Path file) throws IOException {
        Resource r = resourceSet.createResource(uri(file));
        List<String> errors = new ArrayList<>();
        String why = null;
        try {
            if (!files.load(r, file, "sheet", errors)) {
                why = String.join("; ", errors);
            } else if (r.getContents().isEmpty() || !(r.getContents().get(0) instanceof Sheet sheet)) {
                why = "it does not hold a sheet";
            } else if (sheets.containsKey(sheet.getPerson())) {
                why = "a second sheet of " + sheet.getPerson();
            } else {
                sheets.put(sheet.getPerson(), sheet);
                return;
            }
        } catch (IOException e) {
            // a link that leaves the project: never read, never moved
            resourceSet.getResources().remove(r);
            files.refuse(file, e.getMessage());
            return;
        }
        resourceSet.getResources().remove(r);
        files.setAside(file, why);
    }

    Resource projectResource() {
        return projectResource;
    }

    boolean hasSheet(String person) {
        return sheets.containsKey(person);
    }

    /** A sheet another process created, loaded by a save (in the realm, under the model lock). */
    void adoptSheet(Sheet s) {
        sheets.put(s.getPerson(), s);
    }

    private void reportOrphans() {
        Map<String, Case> cases = caseIndex();
        for (Sheet s : sheets.values()) {
            long orphans = s.getAnnotations().stream().filter(a -> !cases.containsKey(a.getCaseId())).count();
            if (orphans > 0) {
                files.notes().add("sheet of " + s.getPerson() + " has " + orphans
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
        return List.copyOf(files.notes());
    }

    /** True when opened with {@link #openReadOnly}: nothing is ever written. */
    public boolean isReadOnly() {
        return files.readOnly();
    }

    /**
     * Told (on the saving thread) when another process saved changes that conflict with this one's:
     * this one's were kept, the other version was saved beside the file. The workbench shows a dialog,
     * the command line one line.
     */
    public void addConflictListener(Consumer<SaveConflict> l) {
        files.addConflictListener(l);
    }

    public void removeConflictListener(Consumer<SaveConflict> l) {
        files.removeConflictListener(l);
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
                Path file = dir.resolve(SHEETS_DIR).resolve(ProjectPaths.sheetFileName(who));
                Resource r = resourceSet.createResource(uri(file));
                Sheet s = AnnotationFactory.eINSTANCE.createSheet();
                s.setPerson(who);
                r.getContents().add(s);
                r.setModified(false);
                files.created(r);
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
        return lookup.caseIndex();
    }

    /** The labels of a case, one per annotator who labelled it. */
    public List<Annotation> annotations(Case c) {
        return lookup.annotations(c);
    }

    /** The review entries of a case, oldest first. */
    public List<ReviewEntry> reviews(Case c) {
        return lookup.reviews(c);
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

    /**
     * Takes in what other processes saved since (merged; conflicts kept beside and reported to the
     * conflict listeners), then writes every changed file atomically. Saves are serialised, in this
     * process and across processes. Safe to call from any thread.
     *
     * @return the number of files written
     */
    public int save() throws IOException {
        return files.save();
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

    /** Writes what is unsaved and stops the autosave (a read-only project writes nothing). */
    @Override
    public void close() throws IOException {
        if (files.readOnly()) {
            return;
        }
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
