package org.llavalens.headless.commands;

import java.nio.file.Path;
import java.util.Locale;

import org.llavalens.annotation.AnnotationProject;
import org.llavalens.annotation.pope.PopeMetrics;
import org.llavalens.headless.cli.Arguments;
import org.llavalens.headless.cli.Command;
import org.llavalens.headless.cli.CommandSpec;
import org.llavalens.headless.cli.Console;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/** {@code ./llavalens pope-metrics}: POPE's accuracy, precision, recall, F1 and yes-ratio per split. */
public final class PopeMetricsCommand implements Command {

    private static final CommandSpec SPEC = CommandSpec.parse("""
            pope-metrics: POPE's accuracy, precision, recall, F1 and yes-ratio per dataset (split) of a project
            usage:
              pope-metrics --project DIR [--json]
            options:
              --project DIR  a project with POPE datasets (imported with --format pope) the model answered (also --dir)
              --json         print the result as one JSON object on stdout instead of text
            details:
              Reads each case's model answer as POPE's evaluate.py does (no when its first sentence has
              No, no or not; else yes) against the expected yes/no; "yes" is the positive class. Cases
              without a model answer are left out and counted. A metric with a zero denominator is
              undefined (null in --json).
            """);

    @Override
    public void run(Arguments a, Console console) throws Exception {
        Path dir = a.path("project");
        boolean json = a.flag("json");
        a.requireAllUsed();
        PopeMetrics m;
        try (AnnotationProject p = AnnotationProject.open(dir)) {
            p.recoveryNotes().forEach(console::warn);
            m = PopeMetrics.of(p);
        }
        if (json) {
            JsonArray splits = new JsonArray();
            for (PopeMetrics.Split s : m.splits()) {
                JsonObject o = new JsonObject();
                o.addProperty("dataset", s.dataset());
                o.addProperty("questions", s.questions());
                o.addProperty("answered", s.answered());
                o.addProperty("tp", s.tp());
                o.addProperty("fp", s.fp());
                o.addProperty("tn", s.tn());
                o.addProperty("fn", s.fn());
                o.add("accuracy", JsonOutput.number(s.accuracy()));
                o.add("precision", JsonOutput.number(s.precision()));
                o.add("recall", JsonOutput.number(s.recall()));
                o.add("f1", JsonOutput.number(s.f1()));
                o.add("yes_ratio", JsonOutput.number(s.yesRatio()));
                splits.add(o);
            }
            JsonObject root = new JsonObject();
            root.add("splits", splits);
            console.println(JsonOutput.print(root));
            return;
        }
        console.printf("%-28s %9s %8s %9s %8s %8s %9s", "split", "answered", "accuracy", "precision", "recall", "F1",
                "yes-ratio");
        for (PopeMetrics.Split s : m.splits()) {
            console.printf("%-28s %4d/%-4d %8s %9s %8s %8s %9s", s.dataset(), s.answered(), s.questions(),
                    f(s.accuracy()), f(s.precision()), f(s.recall()), f(s.f1()), f(s.yesRatio()));
        }
    }

    private static String f(double v) {
        return Double.isNaN(v) ? "undefined" : String.format(Locale.ROOT, "%.4f", v);
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }
}
