package org.llavalens.annotation.tests;

import java.nio.file.Path;
import java.util.List;

import org.eclipse.emf.common.command.CompoundCommand;
import org.eclipse.emf.edit.command.SetCommand;
import org.llavalens.annotation.AnnotationProject;
import org.llavalens.annotation.LabelService;
import org.llavalens.annotation.Taxonomies;
import org.llavalens.annotation.model.Annotation;
import org.llavalens.annotation.model.AnnotationPackage;
import org.llavalens.annotation.model.Case;
import org.llavalens.annotation.store.SaveConflictException;

/**
 * A child JVM (plain class path, no OSGi) that writes a project, for the crash and concurrency tests.
 * <ul>
 * <li>{@code generations DIR PERSON}: forever, stamps generation g+1 on every label of PERSON and on
 * the project name, saves, and prints {@code saved g+1}.</li>
 * <li>{@code label DIR PERSON LABEL}: labels every case once, saving after each; exit 3 on a save
 * conflict.</li>
 * </ul>
 */
public final class SaveWorker {

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        String person = args[2];
        switch (args[0]) {
            case "generations" -> generations(dir, person);
            case "label" -> label(dir, person, args[3]);
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    /** The generation a project holds: its name is {@code g<N>}, every note of PERSON is {@code <N>}. */
    static int projectGeneration(AnnotationProject p) {
        return Integer.parseInt(p.model().getName().substring(1));
    }

    private static void generations(Path dir, String person) throws Exception {
        AnnotationProject p = AnnotationProject.open(dir);
        int g = projectGeneration(p);
        List<Annotation> anns = p.sheet(person).getAnnotations();
        AnnotationPackage pkg = AnnotationPackage.eINSTANCE;
        System.out.println("ready " + g);
        System.out.flush();
        while (true) {
            g++;
            CompoundCommand cmd = new CompoundCommand();
            cmd.append(new SetCommand(p.editingDomain(), p.model(), pkg.getProject_Name(), "g" + g));
            for (Annotation a : anns) {
                cmd.append(new SetCommand(p.editingDomain(), a, pkg.getAnnotation_Note(), Integer.toString(g)));
            }
            p.execute(cmd);
            p.commandStack().flush();
            System.out.println("saving " + g);
            System.out.flush();
            p.save();
            System.out.println("saved " + g);
            System.out.flush();
        }
    }

    private static void label(Path dir, String person, String labelId) throws Exception {
        AnnotationProject p = AnnotationProject.open(dir);
        LabelService s = new LabelService(p);
        try {
            for (Case c : List.copyOf(p.caseIndex().values())) {
                s.setLabel(c, person, labelId, 1, Taxonomies.OTHER.equals(labelId) ? "other" : null, null);
                p.save();
            }
        } catch (SaveConflictException e) {
            System.out.println("conflict " + e.getMessage());
            System.exit(3);
        }
        System.out.println("done");
        System.exit(0);
    }

}
