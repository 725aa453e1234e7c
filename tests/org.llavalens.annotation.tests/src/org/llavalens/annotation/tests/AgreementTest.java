package org.llavalens.annotation.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.llavalens.annotation.agreement.Agreement;
import org.llavalens.annotation.agreement.Rating;
import org.llavalens.annotation.agreement.RatingsCsv;
import org.llavalens.annotation.io.ImportException;

class AgreementTest {

    /** Ratings from a subjects x categories count table; rater names are arbitrary for Fleiss' kappa. */
    private static List<Rating> fromCounts(int[][] counts) {
        List<Rating> out = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            int rater = 0;
            for (int j = 0; j < counts[i].length; j++) {
                for (int k = 0; k < counts[i][j]; k++) {
                    out.add(new Rating("s" + i, "r" + (rater++), "c" + (j + 1)));
                }
            }
        }
        return out;
    }

    /** Two raters' cross table: cell [i][j] = cases rater A put in i and rater B in j. */
    private static List<Rating> fromCrossTable(String[] labels, int[][] table) {
        List<Rating> out = new ArrayList<>();
        int n = 0;
        for (int i = 0; i < table.length; i++) {
            for (int j = 0; j < table.length; j++) {
                for (int k = 0; k < table[i][j]; k++) {
                    out.add(new Rating("case" + n, "A", labels[i]));
                    out.add(new Rating("case" + n, "B", labels[j]));
                    n++;
                }
            }
        }
        return out;
    }

    /**
     * The worked example of Fleiss' kappa on Wikipedia (after Fleiss 1971): 10 subjects, 14 raters,
     * 5 categories; published P-bar = 0.378, P-bar_e = 0.213, kappa = 0.210.
     */
    @Test
    void fleissKappaMatchesThePublishedWorkedExample() {
        int[][] counts = {
                { 0, 0, 0, 0, 14 },
                { 0, 2, 6, 4, 2 },
                { 0, 0, 3, 5, 6 },
                { 0, 3, 9, 2, 0 },
                { 2, 2, 8, 1, 1 },
                { 7, 7, 0, 0, 0 },
                { 3, 2, 6, 3, 0 },
                { 2, 5, 3, 2, 2 },
                { 6, 5, 2, 1, 0 },
                { 0, 2, 2, 3, 7 } };
        Agreement.FleissKappa f = Agreement.compute(fromCounts(counts)).fleiss();
        assertEquals(10, f.cases());
        assertEquals(140, f.ratings());
        assertTrue(f.equalRaters());
        assertEquals(0.378, f.pBar(), 0.0005);
        assertEquals(0.213, f.pExpected(), 0.0005);
        assertEquals(0.210, f.kappa(), 0.0005);
    }

    /** Wikipedia's Cohen's kappa example: 50 applications, yes/yes 20, yes/no 5, no/yes 10, no/no 15: kappa 0.4. */
    @Test
    void cohenKappaMatchesThePublishedExample() {
        List<Rating> r = fromCrossTable(new String[] { "yes", "no" }, new int[][] { { 20, 5 }, { 10, 15 } });
        Agreement.Report rep = Agreement.compute(r);
        assertEquals(1, rep.pairs().size());
        Agreement.PairKappa k = rep.pairs().get(0);
        assertEquals(50, k.cases());
        assertEquals(0.7, k.observed(), 1e-12);
        assertEquals(0.5, k.expected(), 1e-12);
        assertEquals(0.4, k.kappa(), 1e-12);
    }

    /** Wikipedia, "same percentages but different numbers": 0.1304 and 0.2593 for the same 60% agreement. */
    @Test
    void cohenKappaOfTheSamePercentagesExamples() {
        String[] yn = { "yes", "no" };
        assertEquals(0.1304, Agreement.compute(fromCrossTable(yn, new int[][] { { 45, 15 }, { 25, 15 } }))
                .pairs().get(0).kappa(), 0.00005);
        assertEquals(0.2593, Agreement.compute(fromCrossTable(yn, new int[][] { { 25, 35 }, { 5, 35 } }))
                .pairs().get(0).kappa(), 0.00005);
    }

    /** With two raters Fleiss' kappa and Cohen's differ only in how chance agreement is pooled. */
    @Test
    void fleissWithTwoRatersUsesPooledMarginals() {
        List<Rating> r = fromCrossTable(new String[] { "yes", "no" }, new int[][] { { 20, 5 }, { 10, 15 } });
        Agreement.FleissKappa f = Agreement.compute(r).fleiss();
        double pYes = (25 + 30) / 100.0;
        double pe = pYes * pYes + (1 - pYes) * (1 - pYes);
        assertEquals(0.7, f.pBar(), 1e-12);
        assertEquals((0.7 - pe) / (1 - pe), f.kappa(), 1e-12);
    }

    @Test
    void confusionTablesAndDisagreements() {
        List<Rating> r = List.of(
                new Rating("c1", "ann", "wrong-object"), new Rating("c1", "bob", "wrong-object"),
                new Rating("c2", "ann", "language-prior"), new Rating("c2", "bob", "wrong-object"),
                new Rating("c3", "ann", "correct"), new Rating("c3", "bob", "correct"),
                new Rating("c3", "cyd", "language-prior"), new Rating("c4", "cyd", "correct"));
        Agreement.Report rep = Agreement.compute(r);
        assertEquals(List.of("correct", "language-prior", "wrong-object"), rep.labels());
        assertEquals(3, rep.pairs().size());
        Agreement.PairTable ab = rep.pairTables().get(0);
        assertEquals("ann", ab.a());
        assertEquals("bob", ab.b());
        assertArrayEquals(new long[] { 1, 0, 0 }, ab.counts()[0]);
        assertArrayEquals(new long[] { 0, 0, 1 }, ab.counts()[1]);
        assertArrayEquals(new long[] { 0, 0, 1 }, ab.counts()[2]);
        // coincidences: c1 wo/wo twice, c2 lp/wo + wo/lp, c3 all ordered pairs of (correct, correct, lp)
        assertArrayEquals(new long[] { 2, 2, 0 }, rep.coincidence()[0]);
        assertArrayEquals(new long[] { 2, 0, 1 }, rep.coincidence()[1]);
        assertArrayEquals(new long[] { 0, 1, 2 }, rep.coincidence()[2]);
        assertEquals(2.0 * 2 / (4 + 4), rep.specificAgreement().get("correct"), 1e-12);
        assertEquals(List.of("c2", "c3"), rep.disagreements().stream().map(Agreement.Disagreement::caseId).toList());
        assertEquals(Map.of("ann", "correct", "bob", "correct", "cyd", "language-prior"),
                rep.disagreements().get(1).labels());
        assertTrue(!rep.fleiss().equalRaters());
        assertEquals(3, rep.fleiss().cases());
    }

    @Test
    void kappaIsUndefinedWhenEveryoneUsesOneLabel() {
        List<Rating> r = List.of(new Rating("c1", "a", "x"), new Rating("c1", "b", "x"),
                new Rating("c2", "a", "x"), new Rating("c2", "b", "x"));
        assertTrue(Double.isNaN(Agreement.compute(r).pairs().get(0).kappa()));
    }

    @Test
    void twoDifferentLabelsFromOneAnnotatorForOneCaseAreRefused() {
        List<Rating> r = List.of(new Rating("c1", "a", "x"), new Rating("c1", "a", "y"));
        assertThrows(IllegalArgumentException.class, () -> Agreement.compute(r));
    }

    @Test
    void ratingsCsvReportsBadRowsWithLineNumbers() throws Exception {
        String csv = "case_id,annotator,label\nc1,a,x\nc1,b\nc2,,y\n\"c3\",a,\"x, y\"\n";
        ImportException e = assertThrows(ImportException.class, () -> RatingsCsv.read(new StringReader(csv), "r.csv"));
        assertEquals(List.of("r.csv:3: 2 fields, the header has 3",
                "r.csv:4: case_id, annotator and label must not be empty"), e.problems());
        List<Rating> ok = RatingsCsv.read(new StringReader("label,case_id,annotator\r\nx,c1,a\r\n\"x, y\",c3,b\r\n"), "r.csv");
        assertEquals(List.of(new Rating("c1", "a", "x"), new Rating("c3", "b", "x, y")), ok);
    }
}
