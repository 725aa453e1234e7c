package org.llavalens.headless.commands;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.llavalens.annotation.AnnotationProject;
import org.llavalens.annotation.ProjectStatus;
import org.llavalens.annotation.io.Exporter;
import org.llavalens.annotation.io.ImportException;
import org.llavalens.annotation.io.QuestionImporter;
import org.llavalens.annotation.model.ReviewState;
import org.llavalens.headless.cli.Arguments;
import org.llavalens.headless.cli.Command;
import org.llavalens.headless.cli.CommandLine;
import org.llavalens.headless.cli.Console;
import org.llavalens.headless.cli.UsageException;

/** {@code ./llavalens project create|import|export|status}: annotation projects from the shell. */
public final class ProjectCommand implements Command {

    @Override
    public String name() {
        return "project";
    }

    @Override
    public String summary() {
        return "create, import into, export or summarise an annotation project";
    }

    @Override
    public String usage() {
        return """
                usage: ./llavalens project create --dir DIR [--name NAME]
                       ./llavalens project import --dir DIR --images FOLDER --questions FILE.{csv,jsonl}
                                                  [--format csv|jsonl|pope] [--dataset ID] [--skip-bad-rows]
                       ./llavalens project export --dir DIR --format csv|jsonl|coco|labelstudio --out PATH
                       ./llavalens project status --dir DIR

                create   a project folder with the default taxonomy of hallucination causes
                import   a folder of images with a file of questions as a new dataset. CSV needs the
                         columns image,question; JSON Lines objects need image and question (or text); both
                         may add id, expected_answer, answer_prefix, model_answer, target_token.
                         --format pope reads POPE's question_id, image, text, label. Any malformed row stops
                         the import (nothing is imported) unless --skip-bad-rows, which imports the rest and
                         lists what was skipped.
                export   every case with its labels; heatmap PNGs of saved results go to NAME-heatmaps/
                         next to the output file
                status   cases per review state, labelled and unlabelled, labels per annotator""";
    }

    @Override
    public void run(CommandLine commandLine, Console console) throws Exception {
        Arguments a = commandLine.parse("skip-bad-rows");
        List<String> words = a.positionals();
        if (words.size() != 1) {
            throw new UsageException("project needs one action: create, import, export or status");
        }
        switch (words.get(0)) {
            case "create" -> create(a, console);
            case "import" -> importQuestions(a, console);
            case "export" -> export(a, console);
            case "status" -> status(a, console);
            default -> throw new UsageException("unknown project action '" + words.get(0)
                    + "' (create, import, export, status)");
        }
    }

    private static void create(Arguments a, Console console) throws Exception {
        Path dir = a.path("dir");
        String name = a.get("name", null);
        a.requireAllUsed();
        try (AnnotationProject p = AnnotationProject.create(dir, name)) {
            console.printf("created project '%s' in %s with %d cause labels", p.model().getName(), p.directory(),
                    p.model().getTaxonomy().getLabels().size());
        }
    }

    private static AnnotationProject open(Path dir, Console console) throws java.io.IOException {
        AnnotationProject p = AnnotationProject.open(dir);
        p.recoveryNotes().forEach(console::warn);
        p.addConflictListener(c -> console.warn(c.message()));
        return p;
    }

    /** For the actions that only read: nothing in the project folder is written, not even a repair. */
    private static AnnotationProject openToRead(Path dir, Console console) throws java.io.IOException {
        AnnotationProject p = AnnotationProject.openReadOnly(dir);
        p.recoveryNotes().forEach(console::warn);
        return p;
    }

    private static void importQuestions(Arguments a, Console console) throws Exception {
        Path dir = a.path("dir");
        Path images = a.path("images");
        Path questions = a.path("questions");
        String format = a.get("format", null);
        String dataset = a.get("dataset", null);
        boolean skip = a.flag("skip-bad-rows");
        a.requireAllUsed();
        QuestionImporter.Format f;
        try {
            f = QuestionImporter.Format.of(format, questions);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        try (AnnotationProject p = open(dir, console)) {
            QuestionImporter.Result r;
            try {
                r = QuestionImporter.run(p, images, questions, new QuestionImporter.Options(dataset, null, f, skip),
                        new ConsoleMonitor(console));
            } catch (ImportException e) {
                e.problems().forEach(console::error);
                throw e;
            }
            r.skipped().forEach(s -> console.warn("skipped " + s));
            console.printf("imported %d cases into dataset '%s'%s", r.imported(), r.dataset().getId(),
                    r.skipped().isEmpty() ? "" : " (" + r.skipped().size() + " malformed rows skipped)");
        }
    }

    private static void export(Arguments a, Console console) throws Exception {
        Path dir = a.path("dir");
        String format = a.require("format");
        Path out = a.path("out");
        a.requireAllUsed();
        Exporter.Format f;
        try {
            f = Exporter.Format.of(format);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        try (AnnotationProject p = openToRead(dir, console)) {
            Exporter.Summary s = Exporter.run(p, f, out, new ConsoleMonitor(console));
            console.printf("exported %d cases with %d labels to %s%s", s.cases(), s.labels(), out,
                    s.heatmaps() == 0 ? "" : " (" + s.heatmaps() + " heatmaps beside it)");
        }
    }

    private static void status(Arguments a, Console console) throws Exception {
        Path dir = a.path("dir");
        a.requireAllUsed();
        try (AnnotationProject p = openToRead(dir, console)) {
            ProjectStatus s = ProjectStatus.of(p);
            console.printf("project '%s' in %s", p.model().getName(), p.directory());
            console.printf("datasets %d, cases %d: labelled %d, unlabelled %d", s.datasets(), s.cases(), s.labelled(),
                    s.unlabelled());
            StringBuilder states = new StringBuilder("review state:");
            for (Map.Entry<ReviewState, Integer> e : s.byState().entrySet()) {
                states.append(String.format(Locale.ROOT, " %s %d,", e.getKey().getLiteral(), e.getValue()));
            }
            console.println(states.substring(0, states.length() - 1));
            if (s.labelsByAnnotator().isEmpty()) {
                console.println("no labels yet");
            } else {
                console.println("labels per annotator:");
                s.labelsByAnnotator().forEach((who, n) -> console.printf("  %-20s %d", who, n));
                console.println("labels per cause:");
                s.labelsById().forEach((id, n) -> console.printf("  %-20s %d", id, n));
            }
            if (s.orphanLabels() > 0) {
                console.warn(s.orphanLabels() + " labels refer to cases that are not in the project");
            }
        }
    }
}
