package org.llavalens.annotation.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.llavalens.annotation.agreement.Agreement;
import org.llavalens.annotation.agreement.Rating;

/** Thousands of annotators: pairs come from the cases they share, and per-pair tables only when asked for. */
class AgreementScaleTest {

    private static final String[] LABELS = {"correct", "wrong-object", "language-prior", "other"};

    @Test
    void twoThousandAnnotatorsEachLabellingAFewCases() {
        int annotators = 2000;
        int cases = 4000;
        List<Rating> ratings = new ArrayList<>();
        Set<String> expectedPairs = new HashSet<>();
        for (int c = 0; c < cases; c++) {
            // five annotators per case, a window moving along the team; labels mostly agree
            List<String> who = new ArrayList<>();
            for (int r = 0; r < 5; r++) {
                String a = String.format("a%04d", (c + r * 7) % annotators);
                who.add(a);
                String label = LABELS[(c + (r == 4 ? 1 : 0)) % LABELS.length];
                ratings.add(new Rating("c" + c, a, label));
            }
            who.sort(null);
            for (int x = 0; x < who.size(); x++) {
                for (int y = x + 1; y < who.size(); y++) {
                    expectedPairs.add(who.get(x) + " " + who.get(y));
                }
            }
        }
        long t0 = System.nanoTime();
        Agreement.Report rep = Agreement.compute(ratings);
        System.out.printf("agreement: %d annotators, %d ratings, %d pairs that met, %.0f ms%n", annotators,
                ratings.size(), rep.pairs().size(), (System.nanoTime() - t0) / 1e6);
        assertEquals(annotators, rep.annotators().size());
        assertEquals(expectedPairs.size(), rep.pairs().size(), "one kappa per pair that labelled a case together");
        assertTrue(rep.pairTables().isEmpty(), "no per-pair tables for a large team unless asked");
        assertEquals(cases, rep.fleiss().cases());
        Agreement.PairKappa first = rep.pairs().get(0);
        Agreement.PairTable t = Agreement.pairTable(ratings, first.a(), first.b());
        long n = 0;
        long agree = 0;
        for (int i = 0; i < t.counts().length; i++) {
            for (int j = 0; j < t.counts().length; j++) {
                n += t.counts()[i][j];
            }
            agree += t.counts()[i][i];
        }
        assertEquals(first.cases(), n, "the table asked for covers the pair's cases");
        assertEquals(first.observed(), agree / (double) n, 1e-12);
    }

    @Test
    void aSmallTeamStillGetsEveryPairTableAndTheSameKappas() {
        List<Rating> r = List.of(new Rating("c1", "ann", "x"), new Rating("c1", "bob", "x"), new Rating("c2", "ann", "y"),
                new Rating("c2", "bob", "x"), new Rating("c3", "ann", "y"), new Rating("c3", "bob", "y"));
        Agreement.Report rep = Agreement.compute(r);
        assertEquals(1, rep.pairTables().size());
        assertArrayEquals(Agreement.pairTable(r, "ann", "bob").counts()[0], rep.pairTables().get(0).counts()[0]);
        assertArrayEquals(Agreement.pairTable(r, "ann", "bob").counts()[1], rep.pairTables().get(0).counts()[1]);
        // p_o = 2/3, p_e = (1/3)(2/3) + (2/3)(1/3) = 4/9
        assertEquals((2 / 3.0 - 4 / 9.0) / (1 - 4 / 9.0), rep.pairs().get(0).kappa(), 1e-12);
    }
}
