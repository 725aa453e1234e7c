package org.llavalens.headless.commands;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.llavalens.annotation.AnnotationProject;
import org.llavalens.annotation.agreement.Agreement;
import org.llavalens.annotation.agreement.ProjectRatings;
import org.llavalens.annotation.agreement.Rating;
import org.llavalens.annotation.agreement.RatingsCsv;
import org.llavalens.annotation.io.ImportException;
import org.llavalens.headless.cli.Arguments;
import org.llavalens.headless.cli.Command;
import org.llavalens.headless.cli.CommandSpec;
import org.llavalens.headless.cli.Console;
import org.llavalens.headless.cli.UsageException;

/** {@code ./llavalens agreement}: how far annotators agree, and where they do not. */
public final class AgreementCommand implements Command {

    private static final CommandSpec SPEC = CommandSpec.parse("""
            agreement: inter-annotator agreement (Cohen's and Fleiss' kappa, confusion table, disagreements)
            usage:
              agreement --labels FILE.csv [--json]
              agreement --project DIR [--json]
            options:
              --labels FILE.csv  a CSV with the header case_id,annotator,label (one row per label; a project's CSV
                                 export reads as it is)
              --project DIR      the labels of an annotation project (also --dir)
              --json             print the result as one JSON object on stdout instead of text
            details:
              Prints Cohen's kappa for every pair of annotators (over the cases both labelled),
              Fleiss' kappa over the cases labelled by two or more, the confusion table (every ordered
              pair of two annotators' labels of one case; with two annotators, rows are the first
              annotator's labels), per-label specific agreement, and the cases they disagree on.
              A kappa is "undefined" (null in --json) when everyone used a single label.
            """);

    @Override
    public void run(Arguments a, Console console) throws Exception {
        boolean hasLabels = a.has("labels");
        boolean hasDir = a.has("project");
        boolean json = a.flag("json");
        if (hasLabels == hasDir) {
            throw new UsageException("give either --labels FILE.csv or --project DIR");
        }
        List<Rating> ratings;
        if (hasLabels) {
            Path file = a.path("labels");
            a.requireAllUsed();
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                ratings = RatingsCsv.read(in, file.getFileName().toString());
            } catch (ImportException e) {
                e.problems().forEach(console::error);
                throw e;
            }
        } else {
            Path dir = a.path("project");
            a.requireAllUsed();
            try (AnnotationProject p = AnnotationProject.openReadOnly(dir)) {
                p.recoveryNotes().forEach(console::warn);
                ratings = ProjectRatings.of(p);
            }
        }
        if (ratings.isEmpty()) {
            throw new IllegalStateException("no labels to compare");
        }
        Agreement.Report report = Agreement.compute(ratings);
        if (json) {
            console.println(JsonOutput.agreement(report, ratings.size()));
        } else {
            print(report, ratings.size(), console);
        }
    }

    static String kappa(double k) {
        return Double.isNaN(k) ? "undefined" : String.format(Locale.ROOT, "%.3f", k);
    }

    private static void print(Agreement.Report r, int n, Console console) {
        console.printf("%d labels by %d annotators on %d cases, %d distinct labels", n, r.annotators().size(), r.cases(),
                r.labels().size());
        console.println("");
        console.println("Cohen's kappa per pair of annotators:");
        if (r.pairs().isEmpty()) {
            console.println("  (no two annotators labelled the same case)");
        }
        for (Agreement.PairKappa p : r.pairs()) {
            console.printf("  %s vs %s: kappa %s (cases %d, observed %.3f, chance %.3f)", p.a(), p.b(), kappa(p.kappa()),
                    p.cases(), p.observed(), p.expected());
        }
        Agreement.FleissKappa f = r.fleiss();
        console.println("");
        if (f.cases() == 0) {
            console.println("Fleiss' kappa: no case has two or more labels");
        } else {
            console.printf("Fleiss' kappa: %s (cases %d, ratings %d, P-bar %.3f, P-e %.3f%s)", kappa(f.kappa()), f.cases(),
                    f.ratings(), f.pBar(), f.pExpected(),
                    f.equalRaters() ? "" : "; the number of annotators per case varies");
        }
        console.println("");
        if (r.annotators().size() == 2 && r.pairTables().size() == 1) {
            Agreement.PairTable t = r.pairTables().get(0);
            console.printf("confusion table (rows: %s, columns: %s):", t.a(), t.b());
            table(r.labels(), t.counts(), console);
        } else {
            console.println("confusion table (every ordered pair of two annotators' labels of one case):");
            table(r.labels(), r.coincidence(), console);
        }
        console.println("");
        console.println("per-label agreement (2 x agreeing pairs / pairs involving the label):");
        for (Map.Entry<String, Double> e : r.specificAgreement().entrySet()) {
            console.printf("  %-24s %s", e.getKey(), kappa(e.getValue()));
        }
        console.println("");
        console.printf("disagreements: %d case%s", r.disagreements().size(), r.disagreements().size() == 1 ? "" : "s");
        for (Agreement.Disagreement d : r.disagreements()) {
            StringBuilder b = new StringBuilder("  " + d.caseId() + ":");
            new java.util.TreeMap<>(d.labels()).forEach((who, label) -> b.append(' ').append(who).append('=').append(label));
            console.println(b.toString());
        }
    }

    private static void table(List<String> labels, long[][] counts, Console console) {
        int w = 6;
        for (String l : labels) {
            w = Math.max(w, l.length());
        }
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "  %-" + w + "s", ""));
        for (String l : labels) {
            head.append(String.format(Locale.ROOT, " %" + w + "s", l));
        }
        console.println(head.toString());
        for (int i = 0; i < labels.size(); i++) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  %-" + w + "s", labels.get(i)));
            for (int j = 0; j < labels.size(); j++) {
                row.append(String.format(Locale.ROOT, " %" + w + "d", counts[i][j]));
            }
            console.println(row.toString());
        }
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }
}
