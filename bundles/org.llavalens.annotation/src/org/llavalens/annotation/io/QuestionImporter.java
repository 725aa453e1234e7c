package org.llavalens.annotation.io;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.emf.edit.command.AddCommand;
import org.llavalens.annotation.AnnotationProject;
import org.llavalens.annotation.model.AnnotationFactory;
import org.llavalens.annotation.model.AnnotationPackage;
import org.llavalens.annotation.model.Case;
import org.llavalens.annotation.model.Dataset;
import org.llavalens.annotation.store.Hashes;
import org.llavalens.annotation.store.ProjectPaths;
import org.llavalens.runtime.io.FileTrees;


/**
 * Imports a folder of images with a file of questions as a new dataset.
 * <ul>
 * <li>CSV with a header: {@code image,question} and optionally {@code id, expected_answer,
 * answer_prefix, model_answer, target_token}.</li>
 * <li>JSON Lines: one object per line with {@code image} and {@code question} (or {@code text}),
 * optionally {@code id} (or {@code question_id}), {@code expected_answer} (or {@code answer},
 * {@code label}), {@code answer_prefix}, {@code model_answer}, {@code target_token}.</li>
 * <li>POPE JSON Lines: {@code question_id, image, text, label} (the label is the expected answer).</li>
 * <li>A JSON array of such objects, or LLaVA's {@code .json} conversations (see {@link QuestionJson}).</li>
 * </ul>
 * The project's own CSV and JSON Lines exports import as they are: {@code external_id} (else
 * {@code case_id}) is the id, and the further rows of a case (one per label) are not duplicates.
 * Every row is checked first (fields, image inside the images folder and readable, ids unique); any
 * problem is reported with its line number and nothing is imported, unless the caller asked to skip
 * malformed rows, in which case the skipped rows are listed in the result. Images from outside the
 * project are copied into {@code images/<dataset>/} so the project folder is self-contained.
 */
public final class QuestionImporter {

    public enum Format {
        CSV, JSONL, POPE;

        public static Format of(String name, Path file) {
            if (name != null) {
                try {
                    return valueOf(name.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("unknown question format '" + name + "' (csv, jsonl, pope)");
                }
            }
            String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (n.endsWith(".csv")) {
                return CSV;
            }
            if (n.endsWith(".jsonl") || n.endsWith(".json") || n.endsWith(".ndjson")) {
                return JSONL;
            }
            throw new IllegalArgumentException("cannot tell the format of " + file.getFileName()
                    + " from its name; give it (csv, jsonl, pope)");
        }
    }

    public record Options(String datasetId, String datasetName, Format format, boolean skipMalformed) {
    }

    public record Result(Dataset dataset, int imported, List<String> skipped) {
    }

    private QuestionImporter() {
    }

    public static Result run(AnnotationProject project, Path imagesDir, Path questions, Options options,
            IProgressMonitor monitor) throws IOException, ImportException {
        SubMonitor sub = SubMonitor.convert(monitor, "Importing " + questions.getFileName(), 100);
        String source = questions.getFileName().toString();
        if (!Files.isDirectory(imagesDir)) {
            throw new IOException("no images folder " + imagesDir);
        }
        Format format = options.format() == null ? Format.of(null, questions) : options.format();
        List<String> problems = new ArrayList<>();
        List<QuestionRow> rows = format == Format.CSV ? readCsv(questions, source, problems)
                : QuestionJson.read(questions, source, format == Format.POPE, problems);
        sub.worked(10);

        Path root = project.directory();
        Path imagesRoot = imagesDir.toRealPath();
        boolean inside = imagesRoot.startsWith(root.toRealPath());
        String datasetId = datasetId(project, options.datasetId(), questions, !inside);
        // check every row before touching the project
        Map<Integer, Path> imageFiles = new HashMap<>();
        Set<String> ids = new HashSet<>();
        Map<String, QuestionRow> firstById = new HashMap<>();
        List<QuestionRow> good = new ArrayList<>();
        for (QuestionRow r : rows) {
            QuestionRow earlier = r.id() == null ? null : firstById.putIfAbsent(r.id(), r);
            if (earlier != null && earlier.repeats(r)) {
                continue; // an export's next label of the same case
            }
            int before = problems.size();
            ImportLimits.checkFields(source, r.line(), problems, r.id(), r.image(), r.question(), r.expected(),
                    r.prefix(), r.modelAnswer(), r.targetToken());
            Path image = null;
            try {
                image = ProjectPaths.inside(imagesDir, r.image());
                if (!Files.isRegularFile(image)) {
                    problems.add(source + ":" + r.line() + ": no image file " + r.image() + " in " + imagesDir);
                } else if (!Files.isReadable(image)) {
                    problems.add(source + ":" + r.line() + ": image " + r.image() + " cannot be read");
                }
            } catch (IOException e) {
                problems.add(source + ":" + r.line() + ": " + e.getMessage());
            }
            String id = caseId(datasetId, r);
            if (!ids.add(id) || project.findCase(id) != null) {
                problems.add(source + ":" + r.line() + ": duplicate id " + (r.id() == null ? id : r.id()));
            }
            if (problems.size() == before) {
                imageFiles.put(r.line(), image);
                good.add(r);
            }
        }
        List<String> skipped = List.of();
        if (!problems.isEmpty()) {
            if (!options.skipMalformed()) {
                throw new ImportException(source, problems);
            }
            skipped = List.copyOf(problems);
        }
        if (good.isEmpty()) {
            throw new ImportException(source, skipped.isEmpty() ? List.of(source + ": no questions") : skipped);
        }
        sub.worked(10);

        // copy images into a staging folder, published by one rename
        Path target = root.resolve(AnnotationProject.IMAGES_DIR).resolve(datasetId);
        Path staging = root.resolve(AnnotationProject.IMAGES_DIR).resolve("." + datasetId + ".staging");
        Map<Path, String> hashes = new HashMap<>();
        Map<Path, String> stored = new HashMap<>();
        SubMonitor copy = sub.split(70).setWorkRemaining(good.size());
        try {
            if (!inside) {
                if (Files.exists(target)) {
                    throw new IOException(root.relativize(target) + " exists already");
                }
                FileTrees.delete(staging);
                Files.createDirectories(staging);
            }
            for (QuestionRow r : good) {
                if (copy.isCanceled()) {
                    throw new OperationCanceledException();
                }
                Path image = imageFiles.get(r.line());
                if (!hashes.containsKey(image)) {
                    hashes.put(image, Hashes.sha256(image));
                    if (inside) {
                        stored.put(image, project.paths().relativize(image.toRealPath()));
                    } else {
                        String rel = imagesRoot.relativize(image.toRealPath()).toString().replace('\\', '/');
                        Path dest = staging.resolve(rel);
                        Files.createDirectories(dest.getParent());
                        Files.copy(image, dest, StandardCopyOption.REPLACE_EXISTING);
                        stored.put(image, AnnotationProject.IMAGES_DIR + "/" + datasetId + "/" + rel);
                    }
                }
                copy.worked(1);
            }
            if (!inside) {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException | RuntimeException e) {
            FileTrees.delete(staging);
            throw e;
        }

        AnnotationFactory f = AnnotationFactory.eINSTANCE;
        Dataset d = f.createDataset();
        d.setId(datasetId);
        d.setName(options.datasetName() == null ? datasetId : options.datasetName());
        d.setSource(source + " (" + format.name().toLowerCase(Locale.ROOT) + ")");
        d.setImported(new Date());
        for (QuestionRow r : good) {
            Path image = imageFiles.get(r.line());
            Case c = f.createCase();
            c.setId(caseId(datasetId, r));
            c.setExternalId(r.id());
            c.setImage(stored.get(image));
            c.setImageSha256(hashes.get(image));
            c.setQuestion(r.question());
            c.setExpectedAnswer(r.expected());
            c.setAnswerPrefix(r.prefix());
            c.setModelAnswer(r.modelAnswer());
            c.setTargetToken(r.targetToken());
            d.getCases().add(c);
        }
        project.execute(new AddCommand(project.editingDomain(), project.model(),
                AnnotationPackage.eINSTANCE.getProject_Datasets(), d));
        try {
            project.save();
        } catch (IOException e) {
            project.commandStack().undo();
            if (!inside) {
                FileTrees.delete(target);
            }
            throw new IOException("import of " + source + " could not be saved, nothing imported: " + e.getMessage(), e);
        }
        sub.done();
        return new Result(d, good.size(), skipped);
    }

    private static String caseId(String datasetId, QuestionRow r) {
        return datasetId + "-" + (r.id() != null ? r.id() : Integer.toString(r.line()));
    }

    private static String datasetId(AnnotationProject project, String wanted, Path questions, boolean copies) {
        String base = wanted;
        if (base == null || base.isBlank()) {
            String n = questions.getFileName().toString();
            int dot = n.lastIndexOf('.');
            base = dot > 0 ? n.substring(0, dot) : n;
        }
        base = base.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]+", "-").replaceAll("^-+|-+$", "");
        if (base.isEmpty()) {
            base = "dataset";
        }
        Set<String> taken = new HashSet<>();
        project.model().getDatasets().forEach(d -> taken.add(d.getId()));
        if (wanted != null && !wanted.isBlank() && taken.contains(base)) {
            throw new IllegalArgumentException("the project already has a dataset '" + base + "'");
        }
        // an images folder without its dataset is left by an import interrupted before its save
        Path images = project.directory().resolve(AnnotationProject.IMAGES_DIR);
        String id = base;
        for (int i = 2; taken.contains(id) || (copies && Files.exists(images.resolve(id))); i++) {
            id = base + "-" + i;
        }
        return id;
    }

    private static List<QuestionRow> readCsv(Path file, String source, List<String> problems)
            throws IOException, ImportException {
        List<Csv.Row> rows;
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            rows = Csv.read(in);
        } catch (IOException e) {
            if (!Files.exists(file)) {
                throw e;
            }
            throw new ImportException(source, List.of(source + ": " + e.getMessage()));
        }
        if (rows.isEmpty()) {
            throw new ImportException(source, List.of(source + ": empty file"));
        }
        Csv.Header h = Csv.header(rows.get(0), source, List.of("image", "question"));
        List<QuestionRow> out = new ArrayList<>();
        for (Csv.Row row : rows.subList(1, rows.size())) {
            if (row.isBlank()) {
                continue;
            }
            Map<String, String> v = h.values(row, source, problems);
            if (v == null) {
                continue;
            }
            // in a project's own export, "label" is the cause label, not the expected answer
            String expected = v.containsKey("label_id") ? first(v, "expected_answer", "answer")
                    : first(v, "expected_answer", "answer", "label");
            QuestionRow r = new QuestionRow(row.line(), blankToNull(first(v, "id", "external_id", "case_id")),
                    blankToNull(v.get("image")), blankToNull(v.get("question")), blankToNull(expected),
                    v.get("answer_prefix"), blankToNull(v.get("model_answer")), v.get("target_token"));
            if (check(r, source, problems)) {
                out.add(r);
            }
        }
        return out;
    }

    static boolean check(QuestionRow r, String source, List<String> problems) {
        List<String> missing = new ArrayList<>();
        if (r.image() == null) {
            missing.add("image");
        }
        if (r.question() == null) {
            missing.add("question");
        }
        if (!missing.isEmpty()) {
            problems.add(source + ":" + r.line() + ": empty " + String.join(" and ", missing));
            return false;
        }
        if (r.id() != null && !r.id().matches("[A-Za-z0-9._-]+")) {
            problems.add(source + ":" + r.line() + ": id '" + r.id() + "' may hold only letters, digits, '.', '_', '-'");
            return false;
        }
        return true;
    }

    private static String first(Map<String, String> v, String... keys) {
        for (String k : keys) {
            String s = v.get(k);
            if (s != null && !s.isBlank()) {
                return s;
            }
        }
        return null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
