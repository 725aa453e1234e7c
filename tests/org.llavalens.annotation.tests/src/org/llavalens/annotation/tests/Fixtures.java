package org.llavalens.annotation.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.emf.edit.command.AddCommand;
import org.llavalens.annotation.AnnotationProject;
import org.llavalens.annotation.model.AnnotationFactory;
import org.llavalens.annotation.model.AnnotationPackage;
import org.llavalens.annotation.model.Case;
import org.llavalens.annotation.model.Dataset;

/** Small projects built through the public API. */
public final class Fixtures {

    private Fixtures() {
    }

    /** A saved project with one dataset {@code d} of {@code n} cases {@code d-1 .. d-n}. */
    public static AnnotationProject project(Path dir, int n) throws IOException {
        AnnotationProject p = AnnotationProject.create(dir, "test");
        addDataset(p, "d", n);
        p.save();
        return p;
    }

    /**
     * A closed project of two datasets ({@code d} with 3 cases, {@code e} with 2) saved twice, so a
     * backup holds it whole, whose project.xmi was then cut in half as a crash mid-write would.
     *
     * @return the damaged project.xmi
     */
    public static Path projectWithHalfWrittenFile(Path dir) throws IOException {
        try (AnnotationProject p = project(dir, 3)) {
            addDataset(p, "e", 2);
            p.save();
        }
        Path main = dir.resolve("project.xmi");
        byte[] bytes = Files.readAllBytes(main);
        Files.write(main, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        return main;
    }

    public static Dataset addDataset(AnnotationProject p, String id, int n) {
        Dataset d = AnnotationFactory.eINSTANCE.createDataset();
        d.setId(id);
        d.setName(id);
        for (int i = 1; i <= n; i++) {
            Case c = AnnotationFactory.eINSTANCE.createCase();
            c.setId(id + "-" + i);
            c.setImage("images/" + id + "/img" + (i % 7) + ".png");
            c.setImageSha256("0".repeat(64));
            c.setQuestion("Is there a bottle on the left? (" + i + ")");
            c.setAnswerPrefix("ASSISTANT:");
            c.setExpectedAnswer(i % 2 == 0 ? "Yes" : "No");
            c.setModelAnswer("Yes");
            c.setTargetToken("Yes");
            d.getCases().add(c);
        }
        p.execute(new AddCommand(p.editingDomain(), p.model(), AnnotationPackage.eINSTANCE.getProject_Datasets(), d));
        return d;
    }
}
