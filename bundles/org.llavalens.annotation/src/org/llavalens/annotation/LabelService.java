package org.llavalens.annotation;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.eclipse.emf.common.command.Command;
import org.eclipse.emf.common.command.CompoundCommand;
import org.eclipse.emf.edit.command.AddCommand;
import org.eclipse.emf.edit.command.RemoveCommand;
import org.eclipse.emf.edit.command.SetCommand;
import org.eclipse.emf.edit.domain.EditingDomain;
import org.llavalens.annotation.model.Annotation;
import org.llavalens.annotation.model.AnnotationFactory;
import org.llavalens.annotation.model.AnnotationPackage;
import org.llavalens.annotation.model.Case;
import org.llavalens.annotation.model.CauseLabel;
import org.llavalens.annotation.model.ReviewEntry;
import org.llavalens.annotation.model.ReviewState;
import org.llavalens.annotation.model.Sheet;
import org.llavalens.annotation.model.Taxonomy;

/**
 * What the annotation UI does to a project: label a case, review it, edit the taxonomy. Every edit
 * is one command on the project's command stack, so it can be undone and redone as a whole; what
 * the application records ({@link #setModelOutput}) is a system change, saved but not undoable.
 * Undo and redo run in the project's realm like every write.
 */
public final class LabelService {

    private static final AnnotationPackage P = AnnotationPackage.eINSTANCE;

    private final AnnotationProject project;

    public LabelService(AnnotationProject project) {
        this.project = project;
    }

    private EditingDomain domain() {
        return project.editingDomain();
    }

    /**
     * Gives {@code annotator}'s label for {@code c}, replacing their previous one (other annotators'
     * labels are untouched).
     *
     * @param confidence in [0, 1]
     */
    public Annotation setLabel(Case c, String annotator, String labelId, double confidence, String note,
            EvidenceSpec evidence) {
        CauseLabel label = Taxonomies.find(project.model().getTaxonomy(), labelId);
        if (label == null) {
            throw new IllegalArgumentException("no label '" + labelId + "' in the taxonomy");
        }
        if (label.isRetired()) {
            throw new IllegalArgumentException("label '" + labelId + "' is retired");
        }
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("confidence must be in [0, 1], not " + confidence);
        }
        requireCase(c);
        Sheet sheet = project.sheet(annotator);
        Annotation existing = find(sheet, c.getId());
        Date now = new Date();
        CompoundCommand cmd = new CompoundCommand("label " + c.getId() + " as " + label.getName());
        Annotation target;
        if (existing == null) {
            target = AnnotationFactory.eINSTANCE.createAnnotation();
            target.setCaseId(c.getId());
            target.setAnnotator(sheet.getPerson());
            target.setLabelId(labelId);
            target.setConfidence(confidence);
            target.setNote(note);
            target.setTime(now);
            target.setEvidence((evidence == null ? EvidenceSpec.none() : evidence).toModel());
            cmd.append(new AddCommand(domain(), sheet, P.getSheet_Annotations(), target));
        } else {
            target = existing;
            cmd.append(new SetCommand(domain(), existing, P.getAnnotation_LabelId(), labelId));
            cmd.append(new SetCommand(domain(), existing, P.getAnnotation_Confidence(), confidence));
            cmd.append(new SetCommand(domain(), existing, P.getAnnotation_Note(), note));
            cmd.append(new SetCommand(domain(), existing, P.getAnnotation_Time(), now));
            cmd.append(new SetCommand(domain(), existing, P.getAnnotation_Evidence(),
                    (evidence == null ? EvidenceSpec.none() : evidence).toModel()));
        }
        project.execute(cmd);
        return target;
    }

    /** Applies the label bound to key 1-9, as the UI's shortcut does. */
    public Annotation setLabelByShortcut(Case c, String annotator, int key, EvidenceSpec evidence) {
        CauseLabel label = Taxonomies.byShortcut(project.model().getTaxonomy(), key);
        if (label == null) {
            throw new IllegalArgumentException("no label on key " + key);
        }
        return setLabel(c, annotator, label.getId(), 1.0, null, evidence);
    }

    /** Removes {@code annotator}'s label of {@code c}; false when there was none. */
    public boolean clearLabel(Case c, String annotator) {
        Sheet sheet = project.sheet(annotator);
        Annotation existing = find(sheet, c.getId());
        if (existing == null) {
            return false;
        }
        project.execute(new RemoveCommand(domain(), sheet, P.getSheet_Annotations(), existing));
        return true;
    }

    public Annotation labelOf(Case c, String annotator) {
        return find(project.sheet(annotator), c.getId());
    }

    private static Annotation find(Sheet sheet, String caseId) {
        for (Annotation a : sheet.getAnnotations()) {
            if (caseId.equals(a.getCaseId())) {
                return a;
            }
        }
        return null;
    }

    /** Records a review decision (with an optional comment) by {@code reviewer}. */
    public ReviewEntry review(Case c, String reviewer, ReviewState state, String comment) {
        if (state == null) {
            throw new IllegalArgumentException("a review needs a state");
        }
        requireCase(c);
        Sheet sheet = project.sheet(reviewer);
        ReviewEntry e = AnnotationFactory.eINSTANCE.createReviewEntry();
        e.setCaseId(c.getId());
        e.setReviewer(sheet.getPerson());
        e.setState(state);
        e.setComment(comment);
        e.setTime(new Date());
        project.execute(new AddCommand(domain(), sheet, P.getSheet_Reviews(), e,
                sheet.getReviews().size()));
        return e;
    }

    /** A comment that leaves the review state as it is. */
    public ReviewEntry comment(Case c, String reviewer, String text) {
        return review(c, reviewer, reviewState(c), text);
    }

    public ReviewState reviewState(Case c) {
        return ReviewStates.current(project.reviews(c));
    }

    private void requireCase(Case c) {
        if (c == null || project.findCase(c.getId()) != c) {
            throw new IllegalArgumentException("the case is not part of this project");
        }
    }

    /**
     * Records what the model answered and which answer token is being explained. A system change:
     * saved, but not undoable (Undo after an analysis takes back the user's last label, not this).
     */
    public void setModelOutput(Case c, String modelAnswer, String targetToken) {
        requireCase(c);
        String label = "set the model answer of " + c.getId();
        CompoundCommand cmd = new CompoundCommand(label);
        cmd.append(new SetCommand(domain(), c, P.getCase_ModelAnswer(), modelAnswer));
        cmd.append(new SetCommand(domain(), c, P.getCase_TargetToken(), targetToken));
        project.applySystemChange(label, cmd);
    }

    // ---- taxonomy ---------------------------------------------------------------------------

    /** Adds a label; its id must be new (ids are never reused, even of retired labels). */
    public CauseLabel addLabel(String id, String name, String description, int shortcut) {
        Taxonomy t = project.model().getTaxonomy();
        if (id == null || !id.matches("[a-z0-9][a-z0-9_-]*")) {
            throw new IllegalArgumentException("a label id is lower-case letters, digits, '-' or '_': " + id);
        }
        if (Taxonomies.find(t, id) != null) {
            throw new IllegalArgumentException("label id '" + id + "' is taken");
        }
        requireName(name);
        CauseLabel l = AnnotationFactory.eINSTANCE.createCauseLabel();
        l.setId(id);
        l.setName(name);
        l.setDescription(description);
        CompoundCommand cmd = new CompoundCommand("add label " + name);
        cmd.append(new AddCommand(domain(), t, P.getTaxonomy_Labels(), l));
        cmd.appendIfCanExecute(shortcutCommands(t, l, shortcut));
        project.execute(cmd);
        return l;
    }

    public void renameLabel(String id, String name, String description) {
        CauseLabel l = requireLabel(id);
        requireName(name);
        CompoundCommand cmd = new CompoundCommand("rename label " + l.getName());
        cmd.append(new SetCommand(domain(), l, P.getCauseLabel_Name(), name));
        cmd.append(new SetCommand(domain(), l, P.getCauseLabel_Description(), description));
        project.execute(cmd);
    }

    /**
     * Renames, describes and rebinds a label as one step (what an editor's "save" does); the key
     * moves as {@link #setShortcut} moves it.
     */
    public void editLabel(String id, String name, String description, int key) {
        CauseLabel l = requireLabel(id);
        requireName(name);
        CompoundCommand cmd = new CompoundCommand("edit label " + l.getName());
        if (!name.equals(l.getName())) {
            cmd.append(new SetCommand(domain(), l, P.getCauseLabel_Name(), name));
        }
        if (!java.util.Objects.equals(description, l.getDescription())) {
            cmd.append(new SetCommand(domain(), l, P.getCauseLabel_Description(), description));
        }
        if (key != l.getShortcut()) {
            cmd.append(shortcutCommands(project.model().getTaxonomy(), l, key));
        }
        if (!cmd.isEmpty()) {
            project.execute(cmd);
        }
    }

    /** Binds key 1-9 to the label (0 unbinds); a label that had the key loses it. */
    public void setShortcut(String id, int key) {
        CauseLabel l = requireLabel(id);
        project.execute(shortcutCommands(project.model().getTaxonomy(), l, key));
    }

    /** Stops offering a label; labels already given with it keep it. */
    public void retireLabel(String id, boolean retired) {
        CauseLabel l = requireLabel(id);
        CompoundCommand cmd = new CompoundCommand((retired ? "retire" : "restore") + " label " + l.getName());
        cmd.append(new SetCommand(domain(), l, P.getCauseLabel_Retired(), retired));
        if (retired) {
            cmd.append(new SetCommand(domain(), l, P.getCauseLabel_Shortcut(), 0));
        }
        project.execute(cmd);
    }

    private Command shortcutCommands(Taxonomy t, CauseLabel l, int key) {
        if (key < 0 || key > 9) {
            throw new IllegalArgumentException("shortcut keys are 1-9 (0 for none), not " + key);
        }
        if (key != 0 && l.isRetired()) {
            throw new IllegalArgumentException("label '" + l.getId() + "' is retired: restore it before giving it a key");
        }
        List<Command> parts = new ArrayList<>();
        if (key != 0) {
            for (CauseLabel other : t.getLabels()) {
                if (other != l && other.getShortcut() == key) {
                    parts.add(new SetCommand(domain(), other, P.getCauseLabel_Shortcut(), 0));
                }
            }
        }
        parts.add(new SetCommand(domain(), l, P.getCauseLabel_Shortcut(), key));
        return new CompoundCommand("set shortcut " + key + " of " + l.getName(), parts);
    }

    /** A label without a name would be an empty button in the labelling panel. */
    private static void requireName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a label needs a name");
        }
    }

    private CauseLabel requireLabel(String id) {
        CauseLabel l = Taxonomies.find(project.model().getTaxonomy(), id);
        if (l == null) {
            throw new IllegalArgumentException("no label '" + id + "'");
        }
        return l;
    }

    public boolean canUndo() {
        return project.commandStack().canUndo();
    }

    public void undo() {
        project.commandStack().undo();
    }

    public boolean canRedo() {
        return project.commandStack().canRedo();
    }

    public void redo() {
        project.commandStack().redo();
    }
}
