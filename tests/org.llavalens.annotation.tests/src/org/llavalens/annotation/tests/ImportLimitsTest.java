package org.llavalens.annotation.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llavalens.annotation.AnnotationProject;
import org.llavalens.annotation.io.ImportException;
import org.llavalens.annotation.io.ImportLimits;
import org.llavalens.annotation.io.QuestionImporter;

/** A question file with one enormous field is refused with one line, and nothing reaches the project. */
class ImportLimitsTest {

    @TempDir
    Path tmp;

    @Test
    void aFieldAbove64KiBIsAProblemAndNothingIsImported() throws Exception {
        Path images = Files.createDirectories(tmp.resolve("imgs"));
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(4, 3, java.awt.image.BufferedImage.TYPE_INT_RGB);
        javax.imageio.ImageIO.write(img, "png", images.resolve("a.png").toFile());
        String huge = "x".repeat(ImportLimits.MAX_FIELD_CHARS + 1);
        Path q = tmp.resolve("q.csv");
        Files.writeString(q, "id,image,question\nq1,a.png,fine\nq2,a.png," + huge + "\n", StandardCharsets.UTF_8);
        Path dir = tmp.resolve("project");
        try (AnnotationProject p = AnnotationProject.create(dir, "t")) {
            long before = Files.size(dir.resolve("project.xmi"));
            ImportException e = assertThrows(ImportException.class, () -> QuestionImporter.run(p, images, q,
                    new QuestionImporter.Options(null, null, null, false), new NullProgressMonitor()));
            assertEquals(1, e.problems().size());
            assertEquals("q.csv:3: a field of 65537 characters (at most 65536)", e.problems().get(0));
            assertFalse(e.getMessage().contains("\n"));
            assertTrue(p.caseIndex().isEmpty());
            assertFalse(Files.exists(dir.resolve("images/q")), "no image copied");
            assertEquals(before, Files.size(dir.resolve("project.xmi")));
        }
    }
}
