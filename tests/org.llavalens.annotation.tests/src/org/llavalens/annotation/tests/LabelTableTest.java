package org.llavalens.annotation.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llavalens.annotation.AnnotationProject;
import org.llavalens.annotation.LabelService;
import org.llavalens.annotation.Taxonomies;
import org.llavalens.annotation.agreement.Agreement;
import org.llavalens.annotation.agreement.LabelTable;
import org.llavalens.annotation.agreement.ProjectRatings;
import org.llavalens.annotation.agreement.Rating;
import org.llavalens.annotation.model.Case;

class LabelTableTest {

    @Test
    void casesByAnnotatorWithTheirDisagreements() {
        List<Rating> ratings = List.of(
                new Rating("c2", "bob", "x"), new Rating("c1", "ann", "x"), new Rating("c1", "bob", "x"),
                new Rating("c2", "ann", "y"), new Rating("c3", "cid", "z"));
        LabelTable t = LabelTable.of(ratings);
        assertEquals(List.of("ann", "bob", "cid"), t.annotators());
        assertEquals(List.of("c1", "c2", "c3"), t.rows().stream().map(LabelTable.Row::caseId).toList());
        assertFalse(t.rows().get(0).disagreement());
        assertTrue(t.rows().get(1).disagreement());
        assertEquals("y", t.rows().get(1).label("ann"));
        assertEquals("x", t.rows().get(1).label("bob"));
        assertNull(t.rows().get(2).label("ann"), "ann did not label c3");
        assertFalse(t.rows().get(2).disagreement(), "one label alone is no disagreement");
    }

    @Test
    void theDisagreeingRowsAreTheReportsDisagreements(@TempDir Path dir) throws Exception {
        try (AnnotationProject p = Fixtures.project(dir, 6)) {
            LabelService s = new LabelService(p);
            String[] a = { Taxonomies.CORRECT, Taxonomies.CORRECT, Taxonomies.OTHER, Taxonomies.OTHER,
                    Taxonomies.AMBIGUOUS, Taxonomies.CORRECT };
            String[] b = { Taxonomies.CORRECT, Taxonomies.OTHER, Taxonomies.OTHER, Taxonomies.AMBIGUOUS,
                    Taxonomies.AMBIGUOUS, null };
            for (int i = 0; i < a.length; i++) {
                Case c = p.findCase("d-" + (i + 1));
                s.setLabel(c, "a", a[i], 1, null, null);
                if (b[i] != null) {
                    s.setLabel(c, "b", b[i], 1, null, null);
                }
            }
            List<Rating> ratings = ProjectRatings.of(p);
            LabelTable t = LabelTable.of(ratings);
            assertEquals(List.of("d-2", "d-4"), t.rows().stream().filter(LabelTable.Row::disagreement)
                    .map(LabelTable.Row::caseId).toList());
            assertEquals(Agreement.compute(ratings).disagreements().stream().map(Agreement.Disagreement::caseId)
                    .toList(), List.of("d-2", "d-4"));
            assertEquals(6, t.rows().size());
        }
    }

    @Test
    void twoLabelsOfOneCaseByOneAnnotatorAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> LabelTable.of(List.of(
                new Rating("c1", "ann", "x"), new Rating("c1", "ann", "y"))));
    }
}
