package org.llavalens.analysis.batch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;
import org.llavalens.analysis.explain.CaseQuestion;
import org.llavalens.analysis.AnalyzerSettings;
import org.llavalens.analysis.CaseAnalyzer;
import org.llavalens.annotation.AnnotationProject;
import org.llavalens.annotation.CaseSnapshot;
import org.llavalens.annotation.LabelService;
import org.llavalens.annotation.ResultAttachments;
import org.llavalens.annotation.model.Case;
import org.llavalens.annotation.store.Hashes;
import org.llavalens.attribution.method.MethodRegistry;
import org.llavalens.attribution.render.HeatmapRenderer;
import org.llavalens.attribution.render.RecordRenderer;
import org.llavalens.attribution.result.MethodResult;
import org.llavalens.runtime.model.LoadedModel;

import com.google.gson.JsonObject;

/**
 * Analyses every case of an annotation project with one loaded model (and optionally the same question
 * without the image in a text-only model, e.g. Vicuna, which shows the language prior). Each case's
 * result is saved as soon as it is computed, atomically, under an id made from the settings
 * ({@code batch-<fingerprint>}); a case whose result is already there for the same weights, settings,
 * prompt and image is finished and is not computed again, so an interrupted batch resumes where it
 * stopped. A case that fails is recorded with its error in the status file and the batch goes on. Each
 * result carries the heatmap PNGs of its image methods (as {@code analyze} draws them), so exports have them.
 *
 * <p>The project file is saved every {@link #SAVE_INTERVAL_NANOS} and at the end; a link lost to a crash
 * between two saves is restored on resume from the result file, which is written first. The cases are
 * read once, in the project's realm, and every link and answer is recorded as a system change (saved,
 * not undoable), so a batch may run in a background job while the workbench shows the project.
 */
public final class BatchRun {

    static final long SAVE_INTERVAL_NANOS = 10_000_000_000L;

    private final AnnotationProject project;
    private final CaseAnalyzer analyzer;
    private final CaseAnalyzer textAnalyzer;
    private final BatchSettings settings;
    private final BatchSettings textSettings;
    private final String fingerprint;

    /** What a run did. */
    public record Summary(int total, int computed, int skipped, int failed, boolean cancelled, Path statusFile,
            double computeSeconds) {
    }

    /**
     * @param model     the LLaVA model (or a text-only model: then the cases' images are not used)
     * @param textModel a text-only counterpart asked the same question without the image, or null
     */
    public BatchRun(AnnotationProject project, LoadedModel model, LoadedModel textModel, MethodRegistry registry,
            BatchSettings settings) {
        this.project = project;
        this.settings = settings;
        this.fingerprint = settings.fingerprint();
        this.analyzer = new CaseAnalyzer(model, registry, AnalyzerSettings.of(settings));
        if (textModel != null && textModel.config().isLlava()) {
            throw new IllegalArgumentException(textModel.folder() + " is a LLaVA model, not a text-only one");
        }
        this.textSettings = textModel == null ? null : textSettings(settings, registry);
        this.textAnalyzer = textModel == null ? null
                : new CaseAnalyzer(textModel, registry, AnalyzerSettings.of(textSettings));
    }

    /**
     * Without an image only head scores mean something: the text-only model runs the methods that score
     * heads (image maps such as average attention would fail on every case).
     */
    private static BatchSettings textSettings(BatchSettings s, MethodRegistry registry) {
        List<String> heads = s.methods().stream().filter(id -> registry.get(id).produces().heads()).toList();
        if (heads.isEmpty()) {
            throw new IllegalArgumentException("the text-only model needs a method that scores heads (e.g. "
                    + org.llavalens.attribution.method.builtin.LogProbIncreaseMethod.ID + ")");
        }
        return new BatchSettings(heads, s.target(), s.heads(), s.maxNewTokens(), s.padToSquare(), s.methodSettings());
    }

    public String resultId() {
        return "batch-" + fingerprint;
    }

    public String textResultId() {
        return "batch-text-" + fingerprint;
    }

    public Path statusFile() {
        return BatchStatus.fileFor(project.directory(), fingerprint);
    }

    /** @param limit at most this many cases (in project order), or 0 for all */
    public Summary run(int limit, BatchListener listener, IProgressMonitor monitor) throws IOException {
        BatchListener l = listener == null ? new BatchListener() { } : listener;
        List<CaseSnapshot> cases = project.realm()
                .call(() -> project.caseIndex().values().stream().map(CaseSnapshot::of).toList());
        if (limit > 0 && cases.size() > limit) {
            cases = cases.subList(0, limit);
        }
        SubMonitor sub = SubMonitor.convert(monitor, "Batch", cases.size());
        BatchStatus status = BatchStatus.open(project.directory(), fingerprint, header());
        int computed = 0;
        int skipped = 0;
        int failed = 0;
        double computeNanos = 0;
        boolean cancelled = false;
        long lastSave = System.nanoTime();
        for (int i = 0; i < cases.size(); i++) {
            if (sub.isCanceled()) {
                cancelled = true;
                break;
            }
            CaseSnapshot c = cases.get(i);
            long t0 = System.nanoTime();
            BatchListener.Outcome outcome;
            try {
                if (finished(c)) {
                    skipped++;
                    status.done(c.id(), false, 0);
                    outcome = new BatchListener.Outcome(c.id(), BatchListener.State.SKIPPED, 0, null);
                } else {
                    compute(c, sub.split(1));
                    double ms = (System.nanoTime() - t0) / 1e6;
                    computed++;
                    computeNanos += System.nanoTime() - t0;
                    status.done(c.id(), true, ms);
                    outcome = new BatchListener.Outcome(c.id(), BatchListener.State.COMPUTED, ms, null);
                }
            } catch (OperationCanceledException e) {
                cancelled = true;
                break;
            } catch (Exception | LinkageError e) {
                double ms = (System.nanoTime() - t0) / 1e6;
                String error = oneLine(e);
                failed++;
                computeNanos += System.nanoTime() - t0;
                status.failed(c.id(), ms, error);
                outcome = new BatchListener.Outcome(c.id(), BatchListener.State.FAILED, ms, error);
            }
            sub.setWorkRemaining(cases.size() - i - 1);
            status.write();
            if (System.nanoTime() - lastSave > SAVE_INTERVAL_NANOS) {
                save(l);
                lastSave = System.nanoTime();
            }
            int attempted = computed + failed;
            double rate = computeNanos > 0 ? attempted / (computeNanos / 1e9) : 0;
            int left = cases.size() - (i + 1);
            l.caseFinished(outcome, new BatchListener.Progress(i + 1, cases.size(), computed, skipped, failed, rate,
                    rate > 0 ? left / rate : 0));
        }
        status.write();
        save(l);
        return new Summary(cases.size(), computed, skipped, failed, cancelled, status.file(), computeNanos / 1e9);
    }

    private void save(BatchListener l) {
        try {
            project.save();
        } catch (IOException e) {
            // the results are on disk; the links are restored from them on the next run
            l.warning("the project file was not saved: " + e.getMessage());
        }
    }

    private JsonObject header() {
        JsonObject h = new JsonObject();
        h.addProperty("fingerprint", fingerprint);
        h.add("settings", settings.toJson());
        h.addProperty("model", analyzer.model().info().modelId());
        h.addProperty("weightsHash", analyzer.model().weightsHash());
        if (textAnalyzer != null) {
            h.addProperty("textModel", textAnalyzer.model().info().modelId());
            h.addProperty("textWeightsHash", textAnalyzer.model().weightsHash());
        }
        h.addProperty("started", Instant.now().toString());
        return h;
    }

    private static String resultPath(CaseSnapshot c, String id) {
        return ResultAttachments.folderOf(c.id()) + "/" + id + ".json";
    }

    private Path resultFile(CaseSnapshot c, String id) throws IOException {
        return project.paths().resolve(resultPath(c, id));
    }

    /** True when every result this case needs is on disk and valid; restores a lost link or model answer. */
    private boolean finished(CaseSnapshot c) throws IOException {
        Path image = imageOf(c);
        String imageHash = image == null ? null : "sha256:" + Hashes.sha256(image);
        Optional<StoredResult.Finished> main = StoredResult.read(resultFile(c, resultId()),
                expectation(analyzer, c, imageHash));
        if (main.isEmpty()) {
            return false;
        }
        if (textAnalyzer != null && StoredResult.read(resultFile(c, textResultId()),
                expectation(textAnalyzer, c, null)).isEmpty()) {
            return false;
        }
        relink(c, resultId());
        if (textAnalyzer != null) {
            relink(c, textResultId());
        }
        recordOutput(c, main.get().answer(), main.get().record().target().text());
        return true;
    }

    private StoredResult.Expectation expectation(CaseAnalyzer a, CaseSnapshot c, String imageHash) {
        boolean llava = a.model().config().isLlava();
        return new StoredResult.Expectation(fingerprint, a.model().weightsHash(),
                a.prompt(null, c.question(), c.answerPrefix()), llava ? imageHash : null,
                a == textAnalyzer ? textSettings.methods() : settings.methods());
    }

    private Path imageOf(CaseSnapshot c) throws IOException {
        return c.hasImage() ? project.paths().resolve(c.image()) : null;
    }

    private void relink(CaseSnapshot c, String id) throws IOException {
        if (c.resultPaths().contains(resultPath(c, id))) {
            return;
        }
        // attach names heatmaps <id>-<file name>: hand it the stored ones under their own names again
        Path tmp = Files.createTempDirectory("llavalens-batch-");
        try {
            List<Path> maps = new ArrayList<>();
            String prefix = id + "-";
            try (var files = Files.list(project.paths().resolve(ResultAttachments.folderOf(c.id())))) {
                for (Path f : files.filter(f -> f.getFileName().toString().startsWith(prefix)
                        && f.getFileName().toString().endsWith(".png")).sorted().toList()) {
                    Path copy = tmp.resolve(f.getFileName().toString().substring(prefix.length()));
                    Files.copy(f, copy);
                    maps.add(copy);
                }
            }
            ResultAttachments.attach(project, caseOf(c), resultFile(c, id), maps, null);
        } finally {
            deleteTree(tmp);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(dir);
    }

    /** The model object of a snapshot, to name in a change (read under the lock, never on its fields). */
    private Case caseOf(CaseSnapshot c) {
        Case found = project.findCase(c.id());
        if (found == null) {
            throw new IllegalStateException("case " + c.id() + " was removed from the project");
        }
        return found;
    }

    private void compute(CaseSnapshot c, IProgressMonitor monitor) throws IOException {
        if (c.question() == null || c.question().isBlank()) {
            throw new IllegalArgumentException("the case has no question");
        }
        SubMonitor sub = SubMonitor.convert(monitor, "Case " + c.id(), textAnalyzer == null ? 1 : 2);
        Path image = null;
        String imageHash = null;
        if (analyzer.model().config().isLlava()) {
            image = imageOf(c);
            if (image == null || !Files.isRegularFile(image)) {
                throw new IOException("the image " + c.image() + " is missing");
            }
            imageHash = "sha256:" + Hashes.sha256(image);
        }
        CaseAnalyzer.Analysed main = analyzer.analyse(new CaseQuestion(image, imageHash, null, c.question(),
                c.answerPrefix(), settings.target()), sub.split(1));
        store(c, resultId(), main);
        if (textAnalyzer != null) {
            store(c, textResultId(), textAnalyzer.analyse(new CaseQuestion(null, null, null, c.question(),
                    c.answerPrefix(), settings.target()), sub.split(1)));
        }
        recordOutput(c, main.answer(), main.record().target().text());
    }

    private void store(CaseSnapshot c, String id, CaseAnalyzer.Analysed a) throws IOException {
        String json = StoredResult.toJson(id, a.record(), fingerprint, a.answer(), c.id());
        Path tmpDir = Files.createTempDirectory("llavalens-batch-");
        try {
            Path tmp = tmpDir.resolve("result.json");
            Files.writeString(tmp, json, StandardCharsets.UTF_8);
            List<Path> maps = new ArrayList<>();
            if (a.crop() != null) {
                for (MethodResult m : a.record().methods()) {
                    if (!m.failed() && m.imageScores() != null) {
                        Path png = tmpDir.resolve("heatmap_" + m.methodId() + ".png");
                        HeatmapRenderer.writePng(RecordRenderer.heatmap(a.record(), m.methodId(), a.crop()), png);
                        maps.add(png);
                    }
                }
            }
            Case target = caseOf(c);
            ResultAttachments.detach(project, target, resultPath(c, id));
            ResultAttachments.attach(project, target, tmp, maps, null);
        } finally {
            deleteTree(tmpDir);
        }
    }

    private void recordOutput(CaseSnapshot c, String answer, String target) {
        String a = answer == null ? target : answer;
        if (!Objects.equals(a, c.modelAnswer()) || !Objects.equals(target, c.targetToken())) {
            new LabelService(project).setModelOutput(caseOf(c), a, target);
        }
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
        m = m.lines().findFirst().orElse(m).strip();
        // file-system exceptions carry only the path as their message
        return e instanceof java.nio.file.FileSystemException ? e.getClass().getSimpleName() + ": " + m : m;
    }
}
