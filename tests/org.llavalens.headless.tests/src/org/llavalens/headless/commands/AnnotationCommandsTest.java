package org.llavalens.headless.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llavalens.annotation.AnnotationProject;
import org.llavalens.annotation.LabelService;
import org.llavalens.annotation.Taxonomies;
import org.llavalens.annotation.model.ReviewState;
import org.llavalens.headless.CapturedConsole;
import org.llavalens.headless.cli.Cli;

class AnnotationCommandsTest {

    @TempDir
    Path tmp;

    private CapturedConsole io;

    @BeforeEach
    void images() throws Exception {
        Files.createDirectories(tmp.resolve("imgs"));
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(8, 6, 1), "png", tmp.resolve("imgs/a.png").toFile());
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(6, 8, 1), "png", tmp.resolve("imgs/b.png").toFile());
    }

    /** Runs one command; its output alone is what stdout() and stderr() give afterwards. */
    private int run(String... args) {
        io = new CapturedConsole();
        return io.run(args);
    }

    private String stdout() {
        return io.out();
    }

    private String stderr() {
        return io.err();
    }

    @Test
    void createImportStatusExport() throws Exception {
        Path dir = tmp.resolve("proj");
        assertEquals(Cli.OK, run("project", "create", "--dir", dir.toString(), "--name", "POPE study"));
        assertTrue(stdout().contains("created project 'POPE study'"), stdout());
        assertEquals(Cli.FAILURE, run("project", "create", "--dir", dir.toString()), "a project is never overwritten");

        Path pope = tmp.resolve("pope.jsonl");
        Files.writeString(pope, """
                {"question_id": 1, "image": "a.png", "text": "Is there a bottle?", "label": "yes"}
                {"question_id": 2, "image": "b.png", "text": "Is there a dog?", "label": "no"}
                {"question_id": 3, "image": "a.png", "text": "Is there a cup?", "label": "no"}
                """);
        assertEquals(Cli.OK, run("project", "import", "--dir", dir.toString(), "--images", tmp.resolve("imgs").toString(),
                "--questions", pope.toString(), "--format", "pope"));
        assertTrue(stdout().contains("imported 3 cases into dataset 'pope'"), stdout());

        try (AnnotationProject p = AnnotationProject.open(dir)) {
            LabelService s = new LabelService(p);
            s.setLabel(p.findCase("pope-1"), "alice", Taxonomies.CORRECT, 1, null, null);
            s.setLabel(p.findCase("pope-1"), "bob", Taxonomies.LANGUAGE_PRIOR, 1, null, null);
            s.setLabel(p.findCase("pope-2"), "alice", Taxonomies.WRONG_OBJECT, 1, null, null);
            s.review(p.findCase("pope-1"), "rita", ReviewState.ACCEPTED, null);
        }
        assertEquals(Cli.OK, run("project", "status", "--dir", dir.toString()));
        String status = stdout();
        assertTrue(status.contains("datasets 1, cases 3: labelled 2, unlabelled 1"), status);
        assertTrue(status.contains("review state: new 2, in-progress 0, needs-review 0, accepted 1, rejected 0"), status);
        assertTrue(status.matches("(?s).*alice\\s+2.*"), status);
        assertTrue(status.matches("(?s).*bob\\s+1.*"), status);

        Path csv = tmp.resolve("export/labels.csv");
        assertEquals(Cli.OK, run("project", "export", "--dir", dir.toString(), "--format", "csv", "--out", csv.toString()));
        assertTrue(stdout().contains("exported 3 cases with 3 labels"), stdout());
        assertTrue(stderr().contains("export 100% (3/3 cases"), "progress in cases, not internal ticks: " + stderr());
        assertEquals(5, Files.readAllLines(csv).size(), "header, 3 labels, 1 unlabelled case");
        for (String f : new String[] { "jsonl", "coco", "labelstudio" }) {
            Path o = tmp.resolve("export/x." + f);
            assertEquals(Cli.OK, run("project", "export", "--project", dir.toString(), "--format", f, "--out", o.toString(),
                    "--image-url-prefix", "/data/local-files/?d="));
            assertTrue(Files.size(o) > 0);
        }
        assertEquals(Cli.OK, run("agreement", "--project", dir.toString()));
        assertTrue(stdout().contains("alice vs bob"), stdout());
    }

    @Test
    void malformedImportListsEveryProblemAndFails() throws Exception {
        Path dir = tmp.resolve("proj");
        assertEquals(Cli.OK, run("project", "create", "--dir", dir.toString()));
        Path q = tmp.resolve("q.csv");
        Files.writeString(q, "image,question\na.png,ok\nzzz.png,missing\n,no image\n");
        assertEquals(Cli.FAILURE, run("project", "import", "--dir", dir.toString(), "--images",
                tmp.resolve("imgs").toString(), "--questions", q.toString()));
        assertTrue(stderr().contains("q.csv:4: empty image"), stderr());
        assertTrue(stderr().contains("q.csv:3: no image file zzz.png"), stderr());
        assertTrue(stderr().contains("nothing imported"), stderr());
        assertEquals(Cli.OK, run("project", "status", "--dir", dir.toString()));
        assertTrue(stdout().contains("cases 0"), stdout());
        assertEquals(Cli.OK, run("project", "import", "--dir", dir.toString(), "--images",
                tmp.resolve("imgs").toString(), "--questions", q.toString(), "--skip-bad-rows"));
        assertTrue(stdout().contains("imported 1 cases"), stdout());
        assertTrue(stderr().contains("warning: skipped q.csv:3"), stderr());
    }

    @Test
    void usageErrors() {
        assertEquals(Cli.USAGE, run("project"));
        assertEquals(Cli.USAGE, run("project", "frob", "--dir", "x"));
        assertEquals(Cli.USAGE, run("project", "export", "--dir", "x", "--format", "xml", "--out", "y"));
        assertEquals(Cli.USAGE, run("project", "status"));
        assertEquals(Cli.USAGE, run("agreement"));
        assertEquals(Cli.USAGE, run("project", "status", "--dir", "x", "--typo", "1"));
        assertEquals(Cli.FAILURE, run("project", "status", "--dir", tmp.resolve("none").toString()));
    }

    /** The Wikipedia Cohen's kappa example through the command: 0.400; and the Fleiss example: 0.210. */
    @Test
    void agreementPrintsKappasTableAndDisagreements() throws Exception {
        StringBuilder csv = new StringBuilder("case_id,annotator,label\n");
        int n = 0;
        int[][] t = { { 20, 5 }, { 10, 15 } };
        String[] yn = { "yes", "no" };
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                for (int k = 0; k < t[i][j]; k++) {
                    csv.append("c").append(n).append(",A,").append(yn[i]).append('\n');
                    csv.append("c").append(n).append(",B,").append(yn[j]).append('\n');
                    n++;
                }
            }
        }
        Path file = tmp.resolve("labels.csv");
        Files.writeString(file, csv);
        assertEquals(Cli.OK, run("agreement", "--labels", file.toString()));
        String o = stdout();
        assertTrue(o.contains("A vs B: kappa 0.400 (cases 50, observed 0.700, chance 0.500)"), o);
        assertTrue(o.contains("confusion table (rows: A, columns: B)"), o);
        assertTrue(o.matches("(?s).*\\n\\s+no\\s+15\\s+10\\n.*"), o);
        assertTrue(o.matches("(?s).*\\n\\s+yes\\s+5\\s+20\\n.*"), o);
        assertTrue(o.contains("disagreements: 15 cases"), o);

        int[][] fleiss = { { 0, 0, 0, 0, 14 }, { 0, 2, 6, 4, 2 }, { 0, 0, 3, 5, 6 }, { 0, 3, 9, 2, 0 },
                { 2, 2, 8, 1, 1 }, { 7, 7, 0, 0, 0 }, { 3, 2, 6, 3, 0 }, { 2, 5, 3, 2, 2 }, { 6, 5, 2, 1, 0 },
                { 0, 2, 2, 3, 7 } };
        StringBuilder f = new StringBuilder("case_id,annotator,label\n");
        for (int i = 0; i < fleiss.length; i++) {
            int rater = 0;
            for (int j = 0; j < 5; j++) {
                for (int k = 0; k < fleiss[i][j]; k++) {
                    f.append("s").append(i).append(",r").append(rater++).append(",cat").append(j + 1).append('\n');
                }
            }
        }
        Files.writeString(file, f);
        assertEquals(Cli.OK, run("agreement", "--labels", file.toString()));
        assertTrue(stdout().contains("Fleiss' kappa: 0.210 (cases 10, ratings 140, P-bar 0.378, P-e 0.213)"), stdout());
    }

    @Test
    void agreementReportsBadRows() throws Exception {
        Path file = tmp.resolve("bad.csv");
        Files.writeString(file, "case_id,annotator\nc1,a\n");
        assertEquals(Cli.FAILURE, run("agreement", "--labels", file.toString()));
        assertTrue(stderr().contains("header lacks column label"), stderr());
        assertFalse(stderr().contains("Exception"), stderr());
    }
}
