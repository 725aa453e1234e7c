package org.llavalens.headless.commands;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.llavalens.annotation.AnnotationProject;
import org.llavalens.annotation.ProjectStatus;
import org.llavalens.annotation.io.Exporter;
import org.llavalens.annotation.io.ImportException;
import org.llavalens.annotation.io.LabelStudioImport;
import org.llavalens.annotation.io.QuestionImporter;
import org.llavalens.annotation.io.export.LabelStudioUsers;
import org.llavalens.annotation.io.export.PopeAnswers;
import org.llavalens.annotation.model.ReviewState;
import org.llavalens.headless.cli.Arguments;
import org.llavalens.headless.cli.Command;
import org.llavalens.headless.cli.CommandSpec;
import org.llavalens.headless.cli.Console;
import org.llavalens.headless.cli.UsageException;

/** {@code ./llavalens project create|import|export|status}: annotation projects from the shell. */
public final class ProjectCommand implements Command {

    private static final CommandSpec SPEC = CommandSpec.parse("""
            project: create, import into, export or summarise an annotation project
            usage:
              project create --project DIR [--name NAME]
              project import --project DIR --images FOLDER --questions FILE [--format csv|jsonl|pope] [--dataset ID]
                  [--skip-bad-rows]
              project export --project DIR --format csv|jsonl|coco|labelstudio --out FILE [--bom] [--maps]
                  [--image-url-prefix URL] [--users FILE]
              project export --project DIR --format pope-answers --out FOLDER
              project import-labels --project DIR --format labelstudio [--users FILE] FILE
              project status --project DIR [--json]
            options:
              --project DIR           the annotation project folder (also --dir)
              --name NAME             create: the project's name
              --images FOLDER         import: the folder the question file's image paths are relative to
              --questions FILE        import: the questions (CSV, JSON Lines, a JSON array, POPE)
              --format FORMAT         import: csv|jsonl|pope; export: csv|jsonl|coco|labelstudio|pope-answers;
                                      import-labels: labelstudio
              --dataset ID            import: the new dataset's id (default: from the file name)
              --skip-bad-rows         import: import the good rows and list the malformed ones
              --out FILE              export: the file to write (heatmaps, maps and the Label Studio config go beside
                                      it); for pope-answers a folder
              --bom                   export csv: start with a UTF-8 byte order mark, for spreadsheets
              --maps                  export jsonl|coco|labelstudio: also the raw maps (.npy patch scores and the map
                                      on the original image, .svg patch map and head grid) in NAME-maps/, named in the
                                      export
              --image-url-prefix URL  export labelstudio: put before each project-relative image path to make the URL
                                      Label Studio loads
              --users FILE            labelstudio: the annotator -> Label Studio user mapping (default:
                                      %s in the project)
              --json                  print the result as one JSON object on stdout instead of text
            details:
              create         a project folder with the default taxonomy of hallucination causes
              import         a folder of images with a file of questions as a new dataset. CSV needs the columns
                             image,question; JSON objects (one per line, or a JSON array) need image and question
                             (or text, or LLaVA's conversations); all may add id, expected_answer, answer_prefix,
                             model_answer, target_token. --format pope reads POPE's question_id, image, text,
                             label. The project's own CSV and JSON Lines exports import as they are. Any malformed
                             row stops the import (nothing is imported) unless --skip-bad-rows.
              export         every case with its labels (formats: docs/formats.md); heatmap PNGs of saved results
                             go to NAME-heatmaps/ beside the file. labelstudio also writes NAME-config.xml (the
                             labeling config) and adds new annotators to the user mapping, with placeholder emails
                             to replace by the Label Studio accounts'.
                             pope-answers writes DATASET_answers.jsonl per fully answered dataset (POPE split),
                             as POPE's evaluate.py and LLaVA's eval_pope.py read them.
              import-labels  a Label Studio JSON export back into each annotator's labels (users mapped back
                             through the same mapping file; nothing changes if any task has a problem)
              status         cases per review state, labelled and unlabelled, labels per annotator
            examples:
              project create --project lens-pope --name "POPE adversarial"
              project import --project lens-pope --images val2014 --questions coco_pope_adversarial.json --format pope
              project export --project lens-pope --format labelstudio --out ls/tasks.json --image-url-prefix
                  "/data/local-files/?d=lens-pope/"
              project import-labels --project lens-pope --format labelstudio ls/export.json
            """.formatted(LabelStudioUsers.FILE));

    @Override
    public void run(Arguments a, Console console) throws Exception {
        List<String> words = a.positionals();
        if (words.isEmpty()) {
            throw new UsageException("project needs one action: create, import, export, import-labels or status");
        }
        if (words.size() != (words.get(0).equals("import-labels") ? 2 : 1)) {
            throw new UsageException("unexpected argument '" + words.get(words.size() - 1) + "'");
        }
        switch (words.get(0)) {
            case "create" -> create(a, console);
            case "import" -> importQuestions(a, console);
            case "export" -> export(a, console);
            case "import-labels" -> importLabels(a, Path.of(words.get(1)), console);
            case "status" -> status(a, console);
            default -> throw new UsageException("unknown project action '" + words.get(0)
                    + "' (create, import, export, import-labels, status)");
        }
    }

    private static void create(Arguments a, Console console) throws Exception {
        Path dir = a.path("project");
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
        Path dir = a.path("project");
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
                        new ConsoleMonitor(console, "import"));
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
        Path dir = a.path("project");
        String format = a.require("format");
        Path out = a.path("out");
        Exporter.Options options = new Exporter.Options(a.flag("bom"), a.get("image-url-prefix", null),
                a.path("users", null), a.flag("maps"));
        a.requireAllUsed();
        Exporter.Format f;
        try {
            f = Exporter.Format.of(format);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (f == Exporter.Format.LABELSTUDIO && options.imageUrlPrefix() == null) {
            throw new UsageException("--format labelstudio needs --image-url-prefix URL (e.g. "
                    + "\"/data/local-files/?d=FOLDER/\" for local-files storage, or an http base)");
        }
        if (f.writesFolder()) {
            if (Files.isRegularFile(out)) {
                throw new UsageException("--out " + out + " is a file; " + format + " writes a folder");
            }
            try (AnnotationProject p = openToRead(dir, console)) {
                PopeAnswers.Written w = PopeAnswers.write(p, out);
                console.printf("wrote %d answers in %d files to %s", w.answers(), w.files(), out);
                if (w.skippedSplits() > 0) {
                    console.warn(w.skippedSplits() + " dataset(s) have unanswered questions and were not written "
                            + "(POPE matches answers to questions by position); run batch first");
                }
            }
            return;
        }
        if (Files.isDirectory(out)) {
            throw new UsageException("--out " + out + " is a folder; an export is one file (e.g. " + out.resolve("labels."
                    + f.name().toLowerCase(Locale.ROOT).replace("labelstudio", "json").replace("coco", "json")) + ")");
        }
        try (AnnotationProject p = openToRead(dir, console)) {
            Exporter.Summary s = Exporter.run(p, f, out, options,
                    new ConsoleMonitor(console, "export", "cases", p.caseIndex().size()));
            console.printf("exported %d cases with %d labels to %s%s", s.cases(), s.labels(), out,
                    s.heatmaps() == 0 ? "" : " (" + s.heatmaps() + " heatmaps beside it)");
        }
    }

    private static void importLabels(Arguments a, Path file, Console console) throws Exception {
        Path dir = a.path("project");
        String format = a.require("format");
        Path usersGiven = a.path("users", null);
        a.requireAllUsed();
        if (!format.equalsIgnoreCase("labelstudio")) {
            throw new UsageException("import-labels reads --format labelstudio, not '" + format + "'");
        }
        if (!Files.isRegularFile(file)) {
            throw new UsageException("no file " + file);
        }
        try (AnnotationProject p = open(dir, console)) {
            Path users = Exporter.usersFile(p, usersGiven);
            LabelStudioImport.Summary s;
            try {
                s = new LabelStudioImport(p, LabelStudioUsers.read(users), users.getFileName().toString()).run(file);
            } catch (ImportException e) {
                e.problems().forEach(console::error);
                throw e;
            }
            console.printf("%d tasks: %d labels set, %d already as in the project", s.tasks(), s.changed(),
                    s.unchanged());
        }
    }

    private static void status(Arguments a, Console console) throws Exception {
        Path dir = a.path("project");
        boolean json = a.flag("json");
        a.requireAllUsed();
        try (AnnotationProject p = openToRead(dir, console)) {
            ProjectStatus s = ProjectStatus.of(p);
            if (json) {
                console.println(JsonOutput.status(p, s));
                return;
            }
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

    @Override
    public CommandSpec spec() {
        return SPEC;
    }
}
