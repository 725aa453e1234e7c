package org.llavalens.annotation.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;
import org.llavalens.annotation.AnnotationProject;
import org.llavalens.annotation.ReviewStates;
import org.llavalens.annotation.io.export.CaseJson;
import org.llavalens.annotation.io.export.CocoExport;
import org.llavalens.annotation.io.export.ExportedCase;
import org.llavalens.annotation.io.export.LabelStudioConfig;
import org.llavalens.annotation.io.export.LabelStudioExport;
import org.llavalens.annotation.io.export.LabelStudioUsers;
import org.llavalens.annotation.io.export.PopeAnswers;
import org.llavalens.annotation.io.export.RawMaps;
import org.llavalens.annotation.model.Annotation;
import org.llavalens.annotation.model.Case;
import org.llavalens.annotation.model.Evidence;
import org.llavalens.annotation.model.ResultLink;
import org.llavalens.annotation.model.ReviewEntry;
import org.llavalens.annotation.store.AtomicFiles;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * Writes a project's cases with their labels in the formats other tools read (one class per format
 * in {@code io.export}; CSV and JSON Lines here). Heatmap PNGs of the cases' saved results are copied
 * into {@code <name>-heatmaps/<case>/} next to the export, and the export names them by that relative
 * path.
 * <ul>
 * <li>CSV: one row per label (a case without labels gets one row with empty label columns).</li>
 * <li>JSON Lines: one object per case with its labels, evidence, reviews and results.</li>
 * <li>COCO: see {@link CocoExport}.</li>
 * <li>POPE answers: see {@link PopeAnswers} ({@code out} is a folder).</li>
 * <li>With {@link Options#maps()}: the raw maps of {@link RawMaps}, named in each case's {@code maps}.</li>
 * <li>Label Studio: see {@link LabelStudioExport}; the labeling config is written beside the tasks as
 * {@code <name>-config.xml}, and the annotator -> user mapping is read from (and extended in)
 * {@link LabelStudioUsers#FILE} in the project, or the file the caller names.</li>
 * </ul>
 */
public final class Exporter {

    public enum Format {
        CSV, JSONL, COCO, LABELSTUDIO, POPE_ANSWERS;

        public static Format of(String name) {
            String wanted = name.toUpperCase(Locale.ROOT).replace("-", "").replace("_", "");
            for (Format f : values()) {
                if (f.name().replace("_", "").equals(wanted)) {
                    return f;
                }
            }
            throw new IllegalArgumentException("unknown export format '" + name
                    + "' (csv, jsonl, coco, labelstudio, pope-answers)");
        }

        /** Whether {@code --out} is a folder (one file per dataset) rather than the one file. */
        public boolean writesFolder() {
            return this == POPE_ANSWERS;
        }
    }

    /**
     * @param bom            CSV: start with a UTF-8 byte order mark (spreadsheets then read UTF-8)
     * @param imageUrlPrefix Label Studio: put before each project-relative image path to make its URL
     * @param users          Label Studio: the user mapping file, or null for the project's own
     * @param maps           JSON Lines, COCO, Label Studio: also write the raw maps ({@link RawMaps}) into
     *                       {@code <name>-maps/} and name them in the export
     */
    public record Options(boolean bom, String imageUrlPrefix, Path users, boolean maps) {
        public Options(boolean bom, String imageUrlPrefix, Path users) {
            this(bom, imageUrlPrefix, users, false);
        }

        public static Options defaults() {
            return new Options(false, null, null, false);
        }
    }

    public record Summary(int cases, int labels, int heatmaps) {
    }

    static final List<String> CSV_HEADER = List.of("dataset", "case_id", "external_id", "image", "image_sha256",
            "question", "answer_prefix", "expected_answer", "model_answer", "target_token", "review_state",
            "annotator", "label_id", "label", "confidence", "note", "time", "result_id", "patches", "heads",
            "settings", "heatmaps");

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
    private static final Gson LINE = new GsonBuilder().disableHtmlEscaping().create();

    private final AnnotationProject project;
    private final Path out;
    private final Path heatmapDir;
    private final Options options;
    private final CaseJson json;

    private Exporter(AnnotationProject project, Path out, Options options) {
        this.project = project;
        this.out = out.toAbsolutePath().normalize();
        this.options = options;
        this.json = new CaseJson(project);
        this.heatmapDir = this.out.resolveSibling(stem(this.out) + "-heatmaps");
    }

    public static Summary run(AnnotationProject project, Format format, Path out, IProgressMonitor monitor)
            throws IOException {
        return run(project, format, out, Options.defaults(), monitor);
    }

    public static Summary run(AnnotationProject project, Format format, Path out, Options options,
            IProgressMonitor monitor) throws IOException {
        ExportTarget.check(project, out);
        if (format == Format.LABELSTUDIO && (options.imageUrlPrefix() == null)) {
            throw new IllegalArgumentException("a Label Studio export needs an image URL prefix "
                    + "(e.g. /data/local-files/?d=llavalens/ or https://host/project/)");
        }
        if (format == Format.POPE_ANSWERS) {
            return new Summary(PopeAnswers.write(project, out).answers(), 0, 0);
        }
        return new Exporter(project, out, options).export(format, monitor);
    }

    /** The file name without its extension: the prefix of the files written beside an export. */
    static String stem(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    /** The labeling config written beside a Label Studio export. */
    public static Path labelStudioConfigOf(Path out) {
        return out.resolveSibling(stem(out) + "-config.xml");
    }

    private Summary export(Format format, IProgressMonitor monitor) throws IOException {
        List<Case> cases = new ArrayList<>(project.caseIndex().values());
        SubMonitor sub = SubMonitor.convert(monitor, "Exporting " + cases.size() + " cases", cases.size() + 1);
        Files.createDirectories(out.getParent());
        StringBuilder text = new StringBuilder();
        if (format == Format.CSV) {
            if (options.bom()) {
                text.append('\uFEFF');
            }
            text.append(Csv.line(CSV_HEADER));
        }
        CocoExport coco = format == Format.COCO ? new CocoExport(project) : null;
        LabelStudioUsers users = null;
        LabelStudioExport labelStudio = null;
        if (format == Format.LABELSTUDIO) {
            users = labelStudioUsers();
            labelStudio = new LabelStudioExport(project, json, users, options.imageUrlPrefix());
        }
        RawMaps rawMaps = options.maps() && format != Format.CSV
                ? new RawMaps(project, out.getParent(), out.resolveSibling(stem(out) + "-maps")) : null;
        JsonArray tasks = new JsonArray();
        int labels = 0;
        int heatmapCount = 0;
        for (Case c : cases) {
            if (sub.isCanceled()) {
                throw new OperationCanceledException();
            }
            List<String> heatmaps = copyHeatmaps(c);
            heatmapCount += heatmaps.size();
            ExportedCase e = new ExportedCase(c, project.annotations(c), project.reviews(c), heatmaps);
            labels += e.annotations().size();
            List<String> maps = rawMaps == null ? List.of() : rawMaps.write(c);
            switch (format) {
                case CSV -> csvRows(text, e);
                case JSONL -> text.append(LINE.toJson(caseJson(e, maps))).append('\n');
                case COCO -> coco.add(e, maps);
                case LABELSTUDIO -> tasks.add(labelStudio.task(e, maps));
                case POPE_ANSWERS -> throw new IllegalStateException("POPE answers are written by PopeAnswers");
            }
            sub.worked(1);
        }
        if (format == Format.COCO) {
            text.append(GSON.toJson(coco.root(project.model().getName()))).append('\n');
        } else if (format == Format.LABELSTUDIO) {
            text.append(GSON.toJson(tasks)).append('\n');
            AtomicFiles.write(labelStudioConfigOf(out), LabelStudioConfig.xml(project.model().getTaxonomy().getLabels())
                    .getBytes(StandardCharsets.UTF_8), false);
        }
        AtomicFiles.write(out, text.toString().getBytes(StandardCharsets.UTF_8), false);
        sub.worked(1);
        return new Summary(cases.size(), labels, heatmapCount);
    }

    /** The mapping with an entry for every annotator, saved back so the team can correct it. */
    private LabelStudioUsers labelStudioUsers() throws IOException {
        Path file = usersFile(project, options.users());
        LabelStudioUsers known = LabelStudioUsers.read(file);
        TreeSet<String> annotators = new TreeSet<>();
        project.sheets().forEach(s -> {
            if (!s.getAnnotations().isEmpty()) {
                annotators.add(s.getPerson());
            }
        });
        LabelStudioUsers all = known.with(annotators);
        if (!all.equals(known)) {
            all.write(file);
        }
        return all;
    }

    /** The user mapping file: the one given, else the project's {@link LabelStudioUsers#FILE}. */
    public static Path usersFile(AnnotationProject project, Path given) {
        return given != null ? given : project.directory().resolve(LabelStudioUsers.FILE);
    }

    private List<String> copyHeatmaps(Case c) throws IOException {
        List<String> names = new ArrayList<>();
        for (ResultLink r : c.getResults()) {
            for (String h : r.getHeatmaps()) {
                Path src = project.paths().resolve(h);
                if (!Files.isRegularFile(src)) {
                    throw new IOException("case " + c.getId() + ": heatmap " + h + " is missing from the project");
                }
                Path dest = heatmapDir.resolve(safe(c.getId())).resolve(src.getFileName().toString());
                Files.createDirectories(dest.getParent());
                Files.copy(src, dest, StandardCopyOption.REPLACE_EXISTING);
                names.add(out.getParent().relativize(dest).toString().replace('\\', '/'));
            }
        }
        return names;
    }

    private static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private void csvRows(StringBuilder text, ExportedCase e) {
        Case c = e.item();
        List<String> common = List.of(CaseJson.datasetOf(c), c.getId(), n(c.getExternalId()), n(c.getImage()),
                n(c.getImageSha256()), n(c.getQuestion()), n(c.getAnswerPrefix()), n(c.getExpectedAnswer()),
                n(c.getModelAnswer()), n(c.getTargetToken()), ReviewStates.current(e.reviews()).getLiteral());
        String maps = String.join(";", e.heatmaps());
        if (e.annotations().isEmpty()) {
            List<String> row = new ArrayList<>(common);
            row.addAll(List.of("", "", "", "", "", "", "", "", "", "", maps));
            text.append(Csv.line(row));
        }
        for (Annotation a : e.annotations()) {
            Evidence ev = a.getEvidence();
            List<String> row = new ArrayList<>(common);
            row.addAll(List.of(a.getAnnotator(), a.getLabelId(), json.labelName(a.getLabelId()),
                    Double.toString(a.getConfidence()), n(a.getNote()),
                    a.getTime() == null ? "" : CaseJson.iso(a.getTime()), ev == null ? "" : n(ev.getResultId()),
                    ev == null ? "" : ev.getPatches().stream().map(String::valueOf).collect(Collectors.joining(";")),
                    ev == null ? "" : ev.getHeads().stream().map(CaseJson::head).collect(Collectors.joining(";")),
                    ev == null ? "" : ev.getSettings().stream().map(s -> s.getKey() + "=" + s.getValue())
                            .collect(Collectors.joining(";")),
                    maps));
            text.append(Csv.line(row));
        }
    }

    private JsonObject caseJson(ExportedCase e, List<String> maps) {
        Case c = e.item();
        JsonObject o = json.caseFields(c, e.reviews());
        JsonArray a = new JsonArray();
        e.annotations().forEach(x -> a.add(json.annotation(x)));
        o.add("annotations", a);
        JsonArray r = new JsonArray();
        for (ReviewEntry re : e.reviews()) {
            JsonObject j = new JsonObject();
            j.addProperty("reviewer", re.getReviewer());
            j.addProperty("state", re.getState().getLiteral());
            j.addProperty("comment", re.getComment());
            j.addProperty("time", re.getTime() == null ? null : CaseJson.iso(re.getTime()));
            r.add(j);
        }
        o.add("reviews", r);
        JsonArray res = new JsonArray();
        for (ResultLink l : c.getResults()) {
            JsonObject j = new JsonObject();
            j.addProperty("id", l.getId());
            j.addProperty("method", l.getMethod());
            j.addProperty("path", l.getPath());
            j.addProperty("sha256", l.getSha256());
            res.add(j);
        }
        o.add("results", res);
        o.add("heatmaps", CaseJson.strings(e.heatmaps()));
        o.add("maps", CaseJson.strings(maps));
        return o;
    }

    private static String n(String s) {
        return s == null ? "" : s;
    }
}
