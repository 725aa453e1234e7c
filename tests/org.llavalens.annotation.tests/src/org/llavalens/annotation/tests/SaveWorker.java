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

/**
 * A child JVM (plain class path, no OSGi) that writes a project, for the crash and concurrency tests.
 * <ul>
 * <li>{@code generations DIR PERSON}: forever, stamps generation g+1 on every label of PERSON and on
 * the project name, saves, and prints {@code saved g+1}.</li>
 * <li>{@code label DIR PERSON LABEL}: labels every case once, saving after each; prints
 * {@code done N} with the number of conflicting items it was told of.</li>
 * <li>{@code rounds DIR PERSON PARITY ROUNDS}: round i (1..ROUNDS) labels case {@code d-(2i-PARITY)} for
 * PERSON with the note {@code r<i>} and records the model answer {@code PERSON-PARITY i} on it (a
 * project-level write), saves, and prints {@code saving i} before and {@code ack i} once it is saved;
 * resumes after the last round found saved; prints {@code conflict ...} for a reported conflict and
 * {@code finished} at the end.</li>
 * <li>{@code create DIR PERSON}: creates a project, labels one case and saves twice (so backups exist).</li>
 * </ul>
 */
public final class SaveWorker {

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        String person = args[2];
        switch (args[0]) {
            case "generations" -> generations(dir, person);
            case "label" -> label(dir, person, args[3]);
            case "rounds" -> rounds(dir, person, Integer.parseInt(args[3]), Integer.parseInt(args[4]));
            case "create" -> create(dir, person);
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
        java.util.concurrent.atomic.AtomicInteger conflicts = new java.util.concurrent.atomic.AtomicInteger();
        p.addConflictListener(c -> conflicts.addAndGet(c.items().size()));
        for (Case c : List.copyOf(p.caseIndex().values())) {
            s.setLabel(c, person, labelId, 1, Taxonomies.OTHER.equals(labelId) ? "other" : null, null);
            p.save();
        }
        System.out.println("done " + conflicts.get());
        System.exit(0);
    }


    /** The case round {@code i} of the writer with {@code parity} labels. */
    static String roundCase(int parity, int i) {
        return "d-" + (2 * i - parity);
    }

    static String roundAnswer(String person, int parity, int i) {
        return person + "-" + parity + " " + i;
    }

    private static void rounds(Path dir, String person, int parity, int rounds) throws Exception {
        AnnotationProject p = AnnotationProject.open(dir);
        p.addConflictListener(c -> System.out.println("conflict " + c.message()));
        LabelService s = new LabelService(p);
        System.out.println("ready");
        for (int i = 1; i <= rounds; i++) {
            Case c = p.findCase(roundCase(parity, i));
            Annotation a = s.labelOf(c, person);
            if (a != null && ("r" + i).equals(a.getNote())
                    && roundAnswer(person, parity, i).equals(c.getModelAnswer())) {
                continue; // saved before this writer was killed
            }
            String label = Taxonomies.CORRECT;
            s.setLabel(c, person, label, 1, "r" + i, null);
            s.setModelOutput(c, roundAnswer(person, parity, i), "t" + i);
            System.out.println("saving " + i);
            System.out.flush();
            p.save();
            System.out.println("ack " + i);
            System.out.flush();
        }
        System.out.println("finished");
        System.out.flush();
        System.exit(0);
    }

    private static void create(Path dir, String person) throws Exception {
        try (AnnotationProject p = Fixtures.project(dir, 2)) {
            new LabelService(p).setLabel(p.findCase("d-1"), person, Taxonomies.CORRECT, 1, "first", null);
            p.save();
            new LabelService(p).setLabel(p.findCase("d-1"), person, Taxonomies.OTHER, 1, "second", null);
            p.save();
        }
        System.out.println("done");
        System.exit(0);
    }
}
